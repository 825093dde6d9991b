package org.marrowj.io;

import java.io.File;
import java.io.IOException;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.Opener;
import ij.io.TiffDecoder;

import org.marrowj.BadInputException;
import org.marrowj.image.ImagePlusAdapter;
import org.marrowj.image.Volume;

/**
 * TIFF stacks through ImageJ 1.x ({@link Opener#openTiff(String, String)}, which needs no display), converted
 * by {@link ImagePlusAdapter#toVolume}: pixel arrays wrapped, the calibration giving spacing in mm (from mm,
 * micron, cm, m, inch), origin = -xOrigin x pixelWidth (likewise y, z), identity direction, the value unit from
 * the calibration's value unit, 8/16-bit values through a density calibration (e.g. ImageJ's signed 16-bit, or
 * a CT's -1024 offset) as float. A TIFF written by ImageJ from a MarrowJ volume keeps the full geometry, unit and
 * modality in its ImageJ properties.
 */
public final class Tiff {

	private Tiff() {}

	/** @throws BadInputException naming the file when it is missing, not a TIFF, too large, RGB, or not one 3D stack */
	public static Volume<?> read(final File file) {
		if (file == null) throw new BadInputException((String) null, "no TIFF file given");
		if (!file.isFile()) throw new BadInputException(file, "no such file");
		final File abs = file.getAbsoluteFile();
		final String dir = abs.getParent() + File.separator, name = abs.getName();
		final FileInfo[] info;
		try {
			info = new TiffDecoder(dir, name).getTiffInfo();
		}
		catch (final IOException | RuntimeException e) {
			throw new BadInputException(file, "not a readable TIFF file (" + e.getMessage() + ")", e);
		}
		if (info == null || info.length == 0) throw new BadInputException(file, "not a readable TIFF file");
		final FileInfo fi = info[0];
		final long images = info.length == 1 ? Math.max(1, fi.nImages) : info.length;
		Nifti.checkAllocation(file.getPath(), (long) fi.width * fi.height * images, Math.max(1, fi.getBytesPerPixel()));
		final ImagePlus imp;
		try {
			imp = new Opener().openTiff(dir, name);
		}
		catch (final RuntimeException e) {
			throw new BadInputException(file, "ImageJ cannot open this TIFF (" + e + ")", e);
		}
		if (imp == null) throw new BadInputException(file, "ImageJ cannot open this TIFF (unsupported compression or layout?)");
		try {
			return ImagePlusAdapter.toVolume(imp).withProperty("source", file.getPath());
		}
		catch (final BadInputException e) {
			// name the file, not the ImageJ title
			final String m = e.getMessage(), prefix = e.subject() == null ? "" : e.subject() + ": ";
			throw new BadInputException(file, m.startsWith(prefix) ? m.substring(prefix.length()) : m, e);
		}
	}
}
