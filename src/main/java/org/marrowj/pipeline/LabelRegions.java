package org.marrowj.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;
import org.marrowj.image.Grids;
import org.marrowj.image.LabelTable;
import org.marrowj.image.Volume;
import org.marrowj.marrow.LabelSchemes;
import org.marrowj.marrow.MarrowRegion;
import org.marrowj.marrow.RegionStatistics;
import org.marrowj.marrow.RegionStats;
import org.marrowj.morph.Mask;
import org.marrowj.morph.Morph;
import org.marrowj.morph.Parallel;
import org.marrowj.morph.Resample;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/**
 * Radiodensity of the labels of a label map as they are (site {@code label}): each label id L
 * present in the map (where it overlaps the CT) is one region = the CT voxels whose nearest label
 * voxel (world coordinates) has id L, optionally shrunk by margin_mm (kept: voxels whose distance,
 * centre to centre in mm, to the nearest voxel outside the label is &gt; margin_mm; margin_mm = 0
 * keeps the label as it is). No connected-component step. Its level is the vertebral level its
 * name gives ({@link LabelSchemes#levelName}), its side "left"/"right" when the name ends with
 * {@code _left}/{@code _right}.
 */
public final class LabelRegions {

	private LabelRegions() {}

	/** Rows (one per label id, ascending) and warnings. */
	public static <T extends RealType<T> & NativeType<T>, L extends RealType<L> & NativeType<L>> List<MarrowRow> measure(
		final Volume<T> ct, final Volume<L> labels, final LabelTable table, final double margin_mm, final List<String> warnings)
	{
		final Geometry g = ct.geometry();
		final int nx = ct.width(), ny = ct.height(), nz = ct.depth();
		final RandomAccessibleInterval<? extends RealType<?>> lab;
		final int[] box;
		final long[] ld = labels.dimensions();
		if (ld[0] == nx && ld[1] == ny && ld[2] == nz && labels.geometry().sameGrid(g, 1e-3 * Math.min(g.spacing(0), Math.min(g
			.spacing(1), g.spacing(2)))))
		{
			lab = labels.image();
			box = new int[] { 0, 0, 0 };
		}
		else {
			final int[] b = Grids.overlapBox(g, new int[] { nx, ny, nz }, labels.geometry(), ld);
			if (b == null) throw new BadInputException("labels", "the label map does not overlap the CT (label grid " + ld[0] + "x" +
				ld[1] + "x" + ld[2] + " at " + labels.geometry() + "; CT " + nx + "x" + ny + "x" + nz + " at " + g + ")");
			lab = Resample.nearestLabels(labels, g.crop(b[0], b[1], b[2]), new int[] { b[3] - b[0], b[4] - b[1], b[5] - b[2] }, 0)
				.volume().image();
			box = b;
			warnings.add("label map resampled to the CT grid (nearest neighbour in world coordinates)");
		}
		final TreeMap<Integer, int[]> boxes = scan(lab);
		if (boxes.isEmpty()) throw new BadInputException("labels", "the label map has no label (only 0) where it overlaps the CT");
		final List<MarrowRow> rows = new ArrayList<>();
		for (final java.util.Map.Entry<Integer, int[]> e : boxes.entrySet()) {
			final int id = e.getKey();
			final int[] bb = e.getValue();
			final String name = table.name(id);
			final String level = LabelSchemes.levelName(name);
			final String lower = name.toLowerCase(Locale.ROOT);
			final String side = lower.endsWith("_left") ? MarrowRegion.LEFT : lower.endsWith("_right") ? MarrowRegion.RIGHT : "";
			final Mask m = mask(lab, id, bb);
			final Mask kept = margin_mm > 0 ? Morph.shrink(m, margin_mm, g.spacing()) : m;
			final int[] cb = Morph.boundingBox(kept);
			if (cb == null) {
				rows.add(MarrowRow.failed(MarrowRegion.Site.LABEL, name, id, side, level, String.format(Locale.ROOT,
					"nothing remains of its %d voxels after shrinking by margin_mm = %s mm", m.count(), CtInput.fmt(margin_mm))));
				continue;
			}
			final MarrowRegion r = new MarrowRegion(MarrowRegion.Site.LABEL, name, id, side, level, Morph.crop(kept, cb), new long[] {
				box[0] + bb[0] + cb[0], box[1] + bb[1] + cb[1], box[2] + bb[2] + cb[2] }, g, new long[] { nx, ny, nz });
			final RegionStatistics s = RegionStats.compute(ct, r);
			rows.add(MarrowRow.measured(r, s));
		}
		return rows;
	}



	/** id -> {x0,y0,z0,x1,y1,z1} (exclusive upper bounds) of every non-zero id. */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	static TreeMap<Integer, int[]> scan(final RandomAccessibleInterval<? extends RealType<?>> lab) {
		final RandomAccessibleInterval img = lab;
		final int nx = (int) lab.dimension(0), ny = (int) lab.dimension(1), nz = (int) lab.dimension(2);
		final TreeMap<Integer, int[]>[] per = new TreeMap[nz];
		Parallel.forEach(nz, z -> {
			final RandomAccess<? extends RealType<?>> ra = img.randomAccess();
			final TreeMap<Integer, int[]> m = new TreeMap<>();
			for (int y = 0; y < ny; y++) {
				ra.setPosition(new long[] { img.min(0), img.min(1) + y, img.min(2) + z });
				for (int x = 0; x < nx; x++, ra.fwd(0)) {
					final int id = (int) Math.round(ra.get().getRealDouble());
					if (id == 0) continue;
					final int[] b = m.get(id);
					if (b == null) m.put(id, new int[] { x, y, z, x + 1, y + 1, z + 1 });
					else {
						b[0] = Math.min(b[0], x);
						b[1] = Math.min(b[1], y);
						b[3] = Math.max(b[3], x + 1);
						b[4] = Math.max(b[4], y + 1);
					}
				}
			}
			per[z] = m;
		});
		final TreeMap<Integer, int[]> all = new TreeMap<>();
		for (final TreeMap<Integer, int[]> m : per)
			for (final java.util.Map.Entry<Integer, int[]> e : m.entrySet()) {
				final int[] a = e.getValue(), t = all.get(e.getKey());
				if (t == null) all.put(e.getKey(), a.clone());
				else for (int k = 0; k < 3; k++) {
					t[k] = Math.min(t[k], a[k]);
					t[k + 3] = Math.max(t[k + 3], a[k + 3]);
				}
			}
		return all;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Mask mask(final RandomAccessibleInterval<? extends RealType<?>> lab, final int id, final int[] bb) {
		final RandomAccessibleInterval img = lab;
		final int w = bb[3] - bb[0], h = bb[4] - bb[1], d = bb[5] - bb[2];
		final Mask m = new Mask(w, h, d);
		final byte[] md = m.data();
		Parallel.forEach(d, z -> {
			final RandomAccess<? extends RealType<?>> ra = img.randomAccess();
			for (int y = 0; y < h; y++) {
				ra.setPosition(new long[] { img.min(0) + bb[0], img.min(1) + bb[1] + y, img.min(2) + bb[2] + z });
				for (int x = 0; x < w; x++, ra.fwd(0))
					if (Math.round(ra.get().getRealDouble()) == id) md[x + w * (y + h * z)] = 1;
			}
		});
		return m;
	}
}
