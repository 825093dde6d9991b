package org.marrowj.io;

import java.io.File;
import java.util.Locale;

import org.marrowj.BadInputException;
import org.marrowj.image.Volume;

/**
 * Opens any image MarrowJ reads, by what the path is: a folder (a DICOM series), a DICOM file
 * (its series is assembled from the file's folder only when asked; alone it is one slice), a NIfTI
 * file (.nii, .nii.gz) or a TIFF stack (.tif, .tiff).
 */
public final class ImageReaders {

	private ImageReaders() {}

	/** Reads the volume at {@code path}; throws {@link BadInputException} naming the file and the problem. */
	public static Volume<?> open(final File path) {
		if (path == null) throw new BadInputException((String) null, "no image path given");
		if (!path.exists()) throw new BadInputException(path, "no such file or folder");
		if (path.isDirectory()) return DicomSeriesReader.read(path, null).volume();
		final String name = path.getName().toLowerCase(Locale.ROOT);
		if (name.endsWith(".nii") || name.endsWith(".nii.gz")) return Nifti.read(path);
		if (name.endsWith(".tif") || name.endsWith(".tiff")) return Tiff.read(path);
		return DicomSeriesReader.read(path, null).volume();
	}
}
