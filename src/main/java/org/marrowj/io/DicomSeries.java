package org.marrowj.io;

import org.marrowj.image.Volume;

/** A DICOM series read as one volume, with its per-slice headers and the reader's warnings. */
public final class DicomSeries {

	public Volume<?> volume() {
		throw new UnsupportedOperationException("not yet");
	}
}
