package org.marrowj.qct;

import java.util.List;
import java.util.Map;

import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;
import org.marrowj.phantom.HipOptions;
import org.marrowj.phantom.Phantom;
import org.marrowj.phantom.Phantoms;

import net.imglib2.Cursor;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/** Test images for the calibration: hip phantoms with chosen rods, and small hand-built CTs. */
final class QctPhantoms {

	/** Mindways-like certificate values used in the tests (mg/cm^3). */
	static final double[] K2HPO4 = { -51.83, -53.40, 58.88, 157.05, 375.83 };
	static final double[] WATER = { 1012.25, 1056.95, 1103.57, 1119.52, 923.20 };
	/** World x of the hip phantom's rods, in the order of its truth (mm); y = 100 mm. */
	static final double[] ROD_X = { -40, -10, 20, 50, 80 };
	static final double ROD_Y = 100;

	private QctPhantoms() {}

	/** Hip phantom, 256 x 256 x nz at 0.9 x 0.9 x 1 mm, rods with {@link #K2HPO4}. */
	static Phantom hip(final int nz, final double noise, final boolean flipX, final boolean flipY, final boolean swapXY) {
		final HipOptions o = new HipOptions();
		o.size(256, 256, nz);
		o.noiseSd_hu = noise;
		o.seed = 5;
		o.rodK2hpo4_mg_cm3 = K2HPO4.clone();
		o.rodWaterEquivalent_mg_cm3 = WATER.clone();
		o.flipX = flipX;
		o.flipY = flipY;
		o.swapXY = swapXY;
		return Phantoms.hip(o);
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> truthRods(final Phantom p) {
		return (List<Map<String, Object>>) p.truth().get("rods");
	}

	/** The phantom's CT with the calibration phantom (block, rods) and table replaced by air. */
	static Volume<FloatType> withoutCalibrationPhantom(final Phantom p) {
		final Cursor<FloatType> c = net.imglib2.view.Views.flatIterable(p.image().image()).cursor();
		final Cursor<UnsignedByteType> t = net.imglib2.view.Views.flatIterable(p.tissues().image()).cursor();
		final int block = p.tissueNames().idOf("phantom_block");
		while (c.hasNext()) {
			c.fwd();
			t.fwd();
			if (t.get().get() >= block) c.get().set(-1000f);
		}
		return p.image();
	}

	/**
	 * A hand-built CT: nx x ny x nz at (sx, sy, 1) mm, background -1000 HU, a water-like block
	 * (0 HU) of 200 x 40 mm centred at (0, 100) mm, and discs of radius r at world (x_i, 100) mm with
	 * the given HU (voxel centre within r). Axis-aligned, origin so that the grid centre is (0, 60, 0).
	 */
	static Volume<FloatType> rodsCt(final int nx, final int ny, final int nz, final double sx, final double sy,
		final double[] rodX, final double r, final double[] hu)
	{
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(nx, ny, nz);
		final Geometry g = Geometry.axisAligned(new double[] { sx, sy, 1 },
			new double[] { -(nx - 1) / 2.0 * sx, 60 - (ny - 1) / 2.0 * sy, -(nz - 1) / 2.0 });
		final Cursor<FloatType> c = img.localizingCursor();
		final double[] w = new double[3];
		while (c.hasNext()) {
			c.fwd();
			g.indexToWorld(c.getDoublePosition(0), c.getDoublePosition(1), c.getDoublePosition(2), w);
			float v = -1000f;
			if (Math.abs(w[0]) <= 100 && Math.abs(w[1] - 100) <= 20) v = 0f;
			for (int i = 0; i < rodX.length; i++)
				if ((w[0] - rodX[i]) * (w[0] - rodX[i]) + (w[1] - 100) * (w[1] - 100) <= r * r) v = (float) hu[i];
			c.get().set(v);
		}
		return new Volume<>(img, g, Volume.HU, "CT", null);
	}
}
