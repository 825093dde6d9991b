package org.marrowj.io;

import java.io.File;

import org.marrowj.image.Volume;

/** NIfTI-1 read and write (.nii and .nii.gz). */
public final class Nifti {

	private Nifti() {}

	public static Volume<?> read(final File file) {
		throw new UnsupportedOperationException("not yet");
	}

	public static void write(final Volume<?> volume, final File file) {
		throw new UnsupportedOperationException("not yet");
	}
}
