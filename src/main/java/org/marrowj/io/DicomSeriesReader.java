package org.marrowj.io;

import java.io.File;

/** Assembles a DICOM series (a folder or files) into one Volume with its geometry. */
public final class DicomSeriesReader {

	private DicomSeriesReader() {}

	/**
	 * @param path a folder, or one file of the series
	 * @param seriesInstanceUid the series to read when the folder holds several, or null
	 */
	public static DicomSeries read(final File path, final String seriesInstanceUid) {
		throw new UnsupportedOperationException("not yet");
	}
}
