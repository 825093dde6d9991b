package org.marrowj.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/** The description of a volume that {@code Image Info} reports: grid, geometry, modality, value unit and range. */
public final class ImageSummary {

	private ImageSummary() {}

	/**
	 * dimensions [x,y,z], spacing_mm [3], origin_mm [3] (LPS, centre of voxel 0,0,0), direction (3x3,
	 * rows; column j = world direction of index axis j), modality, value_unit, min, max.
	 */
	public static Map<String, Object> describe(final Volume<?> volume) {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("dimensions", volume.dimensions());
		final Geometry g = volume.geometry();
		m.put("spacing_mm", g.spacing());
		m.put("origin_mm", g.origin());
		final List<double[]> rows = new ArrayList<>();
		for (int r = 0; r < 3; r++)
			rows.add(new double[] { g.direction(r, 0), g.direction(r, 1), g.direction(r, 2) });
		m.put("direction", rows);
		m.put("modality", volume.modality());
		m.put("value_unit", volume.valueUnit());
		final double[] range = range(volume.image());
		// JSON has no infinity or NaN: such a bound is null, and a note says why
		m.put("min", Double.isFinite(range[0]) ? range[0] : null);
		m.put("max", Double.isFinite(range[1]) ? range[1] : null);
		if (Double.isNaN(range[0])) m.put("value_note", "every voxel is NaN");
		else if (Double.isInfinite(range[0]) || Double.isInfinite(range[1])) m.put("value_note",
			"the image holds infinite values (min " + range[0] + ", max " + range[1] + ")");
		return m;
	}

	/**
	 * {min, max} over all voxels, NaN voxels skipped (both NaN when every voxel is NaN or the image is
	 * empty). Slices (z) are scanned in parallel.
	 */
	public static <T extends RealType<T>> double[] range(final RandomAccessibleInterval<T> img) {
		final int nz = (int) img.dimension(2);
		final long z0 = img.min(2);
		final double[][] perSlice = new double[nz][];
		IntStream.range(0, nz).parallel().forEach(z -> {
			double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
			for (final T t : Views.flatIterable(Views.hyperSlice(img, 2, z0 + z))) {
				final double v = t.getRealDouble();
				if (v < lo) lo = v;
				if (v > hi) hi = v;
			}
			perSlice[z] = new double[] { lo, hi };
		});
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (final double[] s : perSlice) {
			lo = Math.min(lo, s[0]);
			hi = Math.max(hi, s[1]);
		}
		return lo > hi ? new double[] { Double.NaN, Double.NaN } : new double[] { lo, hi };
	}
}
