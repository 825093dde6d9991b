package org.marrowj.command;

import org.marrowj.image.ImagePlusAdapter;
import org.marrowj.image.Volume;
import org.marrowj.pipeline.PetFusion;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.process.ColorProcessor;
import net.imglib2.type.numeric.real.FloatType;

/** The ImageJ view of a PET/CT fusion: the CT with the SUV (resampled per slice) as overlay images. */
final class FusionDisplay {

	private FusionDisplay() {}

	/**
	 * The CT as an ImagePlus whose overlay holds, per slice, an {@link ImageRoi} of the SUV on that
	 * slice in the hot colour table (SUV &lt;= suv_min transparent) with the given opacity.
	 */
	static ImagePlus overlay(final Volume<?> ct, final Volume<FloatType> suv, final double suvMin, final double suvMax,
		final double opacity)
	{
		final ImagePlus imp = ImagePlusAdapter.toImagePlus(ct, "CT + PET (SUV " + suvMin + "-" + suvMax + ")");
		final int nx = ct.width(), ny = ct.height(), nz = ct.depth();
		final Overlay ov = new Overlay();
		for (int z = 0; z < nz; z++) {
			final float[] p = PetFusion.plane(suv, ct.geometry(), 0, 0, z, new int[] { nx, ny, 1 });
			final int[] rgb = new int[nx * ny];
			for (int i = 0; i < rgb.length; i++)
				rgb[i] = p[i] > suvMin ? PetFusion.hot((p[i] - suvMin) / (suvMax - suvMin)) : 0;
			final ImageRoi roi = new ImageRoi(0, 0, new ColorProcessor(nx, ny, rgb));
			roi.setZeroTransparent(true);
			roi.setOpacity(opacity);
			roi.setPosition(z + 1);
			ov.add(roi);
		}
		imp.setOverlay(ov);
		imp.setDisplayRange(-200, 1300);
		return imp;
	}
}
