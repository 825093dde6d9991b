package org.marrowj.marrow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;
import org.marrowj.image.Grids;
import org.marrowj.image.LabelTable;
import org.marrowj.image.Volume;
import org.marrowj.morph.Mask;
import org.marrowj.morph.Morph;
import org.marrowj.morph.Parallel;
import org.marrowj.morph.Resample;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;

/**
 * Vertebral body marrow (the trabecular core) in CT.
 * <p>
 * <b>From a label map</b> ({@link #fromLabels}): for each vertebra label L, core = the voxels of L
 * whose distance (mm, centre to centre, anisotropic spacing) to the nearest voxel outside L is
 * greater than margin_mm (default 4.0; beyond the image edge counts as outside), then its largest
 * 26-connected component. The margin removes the cortical shell and endplates (about 1-2 mm) and
 * the posterior elements (pedicles, laminae and processes, thinner than 2 x margin_mm), which
 * therefore leave only small fragments that the largest-component step drops. A label map on
 * another grid is first carried to the CT grid by nearest neighbour in world coordinates.
 * <p>
 * <b>From a seed</b> ({@link #fromSeed}): see there.
 */
public final class VertebralMarrow {

	private VertebralMarrow() {}

	/** Parameters; every one has a default. */
	public static final class Settings {
		private double margin_mm = 4.0;
		private int[] labelIds;
		private double shell_hu = 300;
		private double seedMargin_mm = 1.0;
		private double box_mm = 80;

		/** Margin (mm) removed from each vertebra label (default 4.0). */
		public Settings margin_mm(final double v) {
			if (!(v >= 0) || Double.isInfinite(v)) throw new BadInputException("margin_mm", "must be >= 0 mm, got " + v);
			margin_mm = v;
			return this;
		}

		/** Label ids to use (default: every label the scheme names as a vertebra). */
		public Settings labelIds(final int... ids) {
			if (ids != null) for (final int id : ids)
				if (id <= 0) throw new BadInputException("label_ids", "label ids must be positive, got " + id);
			labelIds = ids == null || ids.length == 0 ? null : ids.clone();
			return this;
		}

		/** Seed method: HU at or above which a voxel is cortical shell (default 300). */
		public Settings shell_hu(final double v) {
			if (!Double.isFinite(v)) throw new BadInputException("shell_hu", "must be a finite number, got " + v);
			shell_hu = v;
			return this;
		}

		/** Seed method: margin (mm) removed from the region found inside the shell (default 1.0). */
		public Settings seed_margin_mm(final double v) {
			if (!(v >= 0) || Double.isInfinite(v)) throw new BadInputException("seed_margin_mm", "must be >= 0 mm, got " + v);
			seedMargin_mm = v;
			return this;
		}

		/** Seed method: edge of the search box around the seed, mm (default 80; z half-extent = box_mm / 2). */
		public Settings box_mm(final double v) {
			if (!(v > 0) || Double.isInfinite(v)) throw new BadInputException("box_mm", "must be > 0 mm, got " + v);
			box_mm = v;
			return this;
		}

		public double margin_mm() {
			return margin_mm;
		}

		public double shell_hu() {
			return shell_hu;
		}
	}

	/** Regions (ordered by label id) and warnings. */
	public static final class Result {
		private final List<MarrowRegion> regions;
		private final List<String> warnings;
		private final Map<Integer, String> skipped, checks;

		Result(final List<MarrowRegion> regions, final List<String> warnings, final Map<Integer, String> skipped,
			final Map<Integer, String> checks)
		{
			this.regions = Collections.unmodifiableList(regions);
			this.warnings = Collections.unmodifiableList(warnings);
			this.skipped = Collections.unmodifiableMap(skipped);
			this.checks = Collections.unmodifiableMap(checks);
		}

		/** Label ids of vertebrae that were not measured, with the reason. */
		public Map<Integer, String> skipped() {
			return skipped;
		}

		/**
		 * Label ids of measured vertebrae whose core needs a look, with the caution: a vertebra cut by
		 * the first or last slice, or a core lying in the posterior half of the vertebra (its body
		 * mostly out of view, so the largest remaining component is in the posterior elements).
		 */
		public Map<Integer, String> checks() {
			return checks;
		}

		public List<MarrowRegion> regions() {
			return regions;
		}

		public List<String> warnings() {
			return warnings;
		}

		/** The region of level {@code level} ("L1"), or null. */
		public MarrowRegion level(final String level) {
			for (final MarrowRegion r : regions)
				if (r.level().equalsIgnoreCase(level)) return r;
			return null;
		}
	}

	/**
	 * Trabecular cores of the vertebrae of a label map.
	 *
	 * @param ct the CT (its grid is the output grid)
	 * @param labels label map (any real type; values rounded), on the CT grid or any grid overlapping it
	 * @param table names of the labels (e.g. {@link LabelSchemes#totalSegmentator()} or
	 *          {@link LabelTable#parse}); labels whose name is a vertebral level are used
	 */
	public static <T extends RealType<T> & NativeType<T>, L extends RealType<L> & NativeType<L>> Result fromLabels(
		final Volume<T> ct, final Volume<L> labels, final LabelTable table, final Settings s)
	{
		final Geometry g = ct.geometry();
		final int nx = ct.width(), ny = ct.height(), nz = ct.depth();
		final List<String> warnings = new ArrayList<>();
		// the label map on (a box of) the CT grid
		RandomAccessibleInterval<? extends RealType<?>> lab;
		int[] box = { 0, 0, 0, nx, ny, nz }; // CT voxels covered by lab, exclusive upper bounds
		final long[] ld = labels.dimensions();
		final boolean identical = ld[0] == nx && ld[1] == ny && ld[2] == nz && labels.geometry().sameGrid(g, 1e-3 * minSpacing(g));
		if (!identical && Grids.overlapBox(g, new int[] { nx, ny, nz }, labels.geometry(), ld) == null)
			throw new BadInputException("labels", "the label map does not overlap the CT (label grid " + ld[0] + "x" + ld[1] + "x" + ld[2] +
				" at " + labels.geometry() + "; CT " + nx + "x" + ny + "x" + nz + " at " + g + ")");
		final Volume<L> same = identical ? labels : Grids.onGrid(labels, g, ct.dimensions(), 1e-3 * minSpacing(g));
		if (same != null) {
			lab = same.image();
			if (!identical) warnings.add("label map on the CT's voxel lattice in another storage order or extent; read on the CT grid as a view");
		}
		else {
			box = Grids.overlapBox(g, new int[] { nx, ny, nz }, labels.geometry(), ld);
			final Resample.Result<IntType> r = Resample.nearestLabels(labels, g.crop(box[0], box[1], box[2]),
				new int[] { box[3] - box[0], box[4] - box[1], box[5] - box[2] }, 0);
			lab = r.volume().image();
			warnings.add("label map resampled to the CT grid (nearest neighbour in world coordinates)");
		}
		final LabelScan scan = LabelScan.of(lab);
		// which labels
		final List<Integer> ids = new ArrayList<>();
		if (s.labelIds != null) {
			for (final int id : s.labelIds) {
				if (!scan.present(id)) throw new BadInputException("label_ids", "label " + id + " is not in the label map" +
					(box[3] - box[0] < nx || box[4] - box[1] < ny || box[5] - box[2] < nz ? " where it overlaps the CT" : "") +
					"; label ids found: " + scan.ids());
				ids.add(id);
			}
		}
		else {
			for (final int id : scan.idList())
				if (!LabelSchemes.levelOf(table, id).isEmpty()) ids.add(id);
			if (ids.isEmpty()) throw new BadInputException("labels", "no vertebra label found; label ids found: " + scan.ids() +
				"; name the vertebrae as id=name pairs (e.g. 32=T12,31=L1) or choose them by id");
		}
		final List<MarrowRegion> regions = new ArrayList<>();
		final Map<Integer, String> skipped = new TreeMap<>(), checks = new TreeMap<>();
		for (final int id : ids) {
			final int[] bb = scan.box(id); // in lab coordinates, exclusive upper bounds
			final Mask m = scan.mask(lab, id, bb);
			final Mask core = Morph.largestComponent(Morph.shrink(m, s.margin_mm, g.spacing()), 26);
			final String level = LabelSchemes.levelOf(table, id);
			final String name = level.isEmpty() ? table.name(id) : level;
			final int[] cb = Morph.boundingBox(core);
			if (cb == null) {
				final String why = String.format(Locale.ROOT, "nothing remains of its %d voxels after shrinking by margin_mm = %s mm; not measured",
					scan.count(id), FemoralShaftMarrow.fmt(s.margin_mm));
				skipped.put(id, why);
				warnings.add(name + " (label " + id + "): " + why);
				continue;
			}
			final long[] off = { box[0] + bb[0] + cb[0], box[1] + bb[1] + cb[1], box[2] + bb[2] + cb[2] };
			final Mask coreBox = Morph.crop(core, cb);
			final String check = caution(g, m, new long[] { box[0] + bb[0], box[1] + bb[1], box[2] + bb[2] }, coreBox, off, nz);
			if (check != null) {
				checks.put(id, check);
				warnings.add(name + " (label " + id + "): " + check);
			}
			regions.add(new MarrowRegion(MarrowRegion.Site.VERTEBRAL_BODY, name, id, "", level, coreBox, off, g, new long[] { nx, ny, nz }));
		}
		if (regions.isEmpty()) throw new BadInputException("margin_mm", "margin_mm = " + FemoralShaftMarrow.fmt(s.margin_mm) +
			" mm is too large: nothing remains of any vertebra label " + ids);
		return new Result(regions, warnings, skipped, checks);
	}

	/**
	 * A caution about a vertebra's core, or null: the vertebra label touches the first or last slice
	 * of the CT (cut by the field of view), or the core's centroid lies in the posterior half of the
	 * label's anterior-posterior (world y) extent, where the posterior elements are, not the body.
	 */
	static String caution(final Geometry g, final Mask label, final long[] labelOff, final Mask core, final long[] coreOff,
		final int nz)
	{
		final List<String> c = new ArrayList<>();
		if (labelOff[2] == 0 || labelOff[2] + label.nz() == nz)
			c.add("the vertebra is cut by the image's " + (labelOff[2] == 0 ? "first" : "last") + " slice");
		double yMin = Double.MAX_VALUE, yMax = -Double.MAX_VALUE;
		final double[] w = new double[3];
		for (int z = 0; z < label.nz(); z++)
			for (int y = 0; y < label.ny(); y++)
				for (int x = 0; x < label.nx(); x++)
					if (label.get(x, y, z)) {
						g.indexToWorld(labelOff[0] + x, labelOff[1] + y, labelOff[2] + z, w);
						yMin = Math.min(yMin, w[1]);
						yMax = Math.max(yMax, w[1]);
					}
		double sy = 0;
		long n = 0;
		for (int z = 0; z < core.nz(); z++)
			for (int y = 0; y < core.ny(); y++)
				for (int x = 0; x < core.nx(); x++)
					if (core.get(x, y, z)) {
						g.indexToWorld(coreOff[0] + x, coreOff[1] + y, coreOff[2] + z, w);
						sy += w[1];
						n++;
					}
		if (n > 0 && sy / n > (yMin + yMax) / 2) c.add(
			"its core lies in the posterior half of the vertebra (the body may be out of view); check the QC image");
		return c.isEmpty() ? null : String.join("; ", c);
	}

	private static double minSpacing(final Geometry g) {
		return Math.min(g.spacing(0), Math.min(g.spacing(1), g.spacing(2)));
	}



	/**
	 * Trabecular core of one vertebral body from a seed voxel inside it (no label map).
	 * <p>
	 * Method: in a box of box_mm x box_mm (in-plane) x box_mm (along z) centred on the seed, slice by
	 * slice starting at the seed's slice and going up and down: the region of the slice is the
	 * 4-connected component of voxels with HU &lt; shell_hu containing the seed's (x, y) (or the
	 * nearest such voxel within 2 mm), with everything it encloses filled (trabeculae brighter than
	 * shell_hu inside the core stay in); a slice ends the search in its direction when there is no
	 * such component (an endplate), when the component reaches the box edge (the shell is open
	 * there: a disc, a foramen or the canal) or when its area exceeds 1.5 x the seed slice's area.
	 * The slices found form a 3D region, shrunk by seed_margin_mm (EDT, {@link Morph#shrink}) and
	 * reduced to its largest 26-connected component.
	 * <p>
	 * Limits: the shell must be closed at shell_hu in the axial slices of the body (osteoporotic or
	 * very thin shells with partial volume may fall below it: lower shell_hu); the basivertebral
	 * foramen, if wider than a voxel at shell_hu, lets the region reach the spinal canal, which the
	 * area test catches only when the canal adds more than half the seed slice's area; the level is
	 * the caller's statement, not checked.
	 *
	 * @param seed voxel index (x, y, z) inside the trabecular core
	 * @param level vertebral level of that body ("L1"); its name
	 */
	public static <T extends RealType<T> & NativeType<T>> MarrowRegion fromSeed(final Volume<T> ct, final long[] seed,
		final String level, final Settings s)
	{
		final Geometry g = ct.geometry();
		final int nx = ct.width(), ny = ct.height(), nz = ct.depth();
		if (seed == null || seed.length != 3 || seed[0] < 0 || seed[1] < 0 || seed[2] < 0 || seed[0] >= nx || seed[1] >= ny ||
			seed[2] >= nz)
			throw new BadInputException("seed", "voxel " + java.util.Arrays.toString(seed) + " is not inside the " + nx + "x" + ny +
				"x" + nz + " image");
		final String lv = LabelSchemes.levelName(level);
		final Rows<T> rows = new Rows<>(ct.image());
		final double hu = rows.get(seed[0], seed[1], seed[2]);
		if (!(hu < s.shell_hu)) throw new BadInputException("seed", String.format(Locale.ROOT,
			"voxel (%d, %d, %d) has %.1f HU >= shell_hu = %s; place the seed in the trabecular core", seed[0], seed[1], seed[2], hu,
			FemoralShaftMarrow.fmt(s.shell_hu)));
		final double sx = g.spacing(0), sy = g.spacing(1), sz = g.spacing(2);
		final int hx = (int) Math.round(s.box_mm / 2 / sx), hy = (int) Math.round(s.box_mm / 2 / sy),
			hz = (int) Math.round(s.box_mm / 2 / sz);
		final int x0 = (int) Math.max(0, seed[0] - hx), x1 = (int) Math.min(nx - 1, seed[0] + hx);
		final int y0 = (int) Math.max(0, seed[1] - hy), y1 = (int) Math.min(ny - 1, seed[1] + hy);
		final int z0 = (int) Math.max(0, seed[2] - hz), z1 = (int) Math.min(nz - 1, seed[2] + hz);
		final int w = x1 - x0 + 1, h = y1 - y0 + 1, d = z1 - z0 + 1;
		final int cx = (int) seed[0] - x0, cy = (int) seed[1] - y0, cz = (int) seed[2] - z0;
		final Mask region = new Mask(w, h, d);
		final SeedSlice sl = new SeedSlice(w, h, sx, sy);
		final long seedArea = sl.run(rows, x0, y0, z0 + cz, cx, cy, s.shell_hu, region.data(), w * h * cz);
		if (seedArea <= 0) throw new BadInputException("seed", "the region of HU < " + FemoralShaftMarrow.fmt(s.shell_hu) +
			" around the seed reaches the edge of the " + FemoralShaftMarrow.fmt(s.box_mm) +
			" mm search box: the cortical shell is not closed at shell_hu on the seed's slice, or the seed is not in a vertebral body");
		for (final int dir : new int[] { -1, 1 })
			for (int z = cz + dir; z >= 0 && z < d; z += dir) {
				final long a = sl.run(rows, x0, y0, z0 + z, cx, cy, s.shell_hu, region.data(), w * h * z);
				if (a <= 0 || a > 1.5 * seedArea) {
					if (a > 0) java.util.Arrays.fill(region.data(), w * h * z, w * h * (z + 1), (byte) 0);
					break;
				}
			}
		final Mask core = Morph.largestComponent(Morph.shrink(region, s.seedMargin_mm, g.spacing()), 26);
		final int[] cb = Morph.boundingBox(core);
		if (cb == null) throw new BadInputException("seed_margin_mm", "seed_margin_mm = " + FemoralShaftMarrow.fmt(s.seedMargin_mm) +
			" mm is too large for the region of " + region.count() + " voxels found around the seed");
		return new MarrowRegion(MarrowRegion.Site.VERTEBRAL_BODY, lv.isEmpty() ? level : lv, 0, "", lv, Morph.crop(core, cb),
			new long[] { x0 + cb[0], y0 + cb[1], z0 + cb[2] }, g, new long[] { nx, ny, nz });
	}

	/** Seed method on one world point (LPS mm): the nearest voxel is the seed. */
	public static <T extends RealType<T> & NativeType<T>> MarrowRegion fromSeed_mm(final Volume<T> ct, final double[] seed_mm,
		final String level, final Settings s)
	{
		final double[] i = ct.geometry().worldToIndex(seed_mm);
		return fromSeed(ct, new long[] { Math.round(i[0]), Math.round(i[1]), Math.round(i[2]) }, level, s);
	}

	/** One slice of the seed method. */
	private static final class SeedSlice {
		final int w, h;
		final double sx, sy;
		final double[] row;
		final byte[] st;
		final int[] q;

		SeedSlice(final int w, final int h, final double sx, final double sy) {
			this.w = w;
			this.h = h;
			this.sx = sx;
			this.sy = sy;
			row = new double[w];
			st = new byte[w * h];
			q = new int[w * h];
		}

		/**
		 * Writes the filled component into out[base..] and returns its voxel count; 0 when there is
		 * none near the seed column, -1 when it reaches the box edge.
		 */
		<T extends RealType<T>> long run(final Rows<T> rows, final int x0, final int y0, final int z, final int cx, final int cy,
			final double shell, final byte[] out, final int base)
		{
			for (int y = 0; y < h; y++) {
				rows.read(x0, y0 + y, z, w, row);
				for (int x = 0; x < w; x++)
					st[x + w * y] = (byte) (row[x] < shell ? 0 : 1);
			}
			// start: the seed column or the nearest low voxel within 2 mm
			int start = -1;
			double best = Double.MAX_VALUE;
			final int rx = (int) Math.ceil(2 / sx), ry = (int) Math.ceil(2 / sy);
			for (int dy = -ry; dy <= ry; dy++)
				for (int dx = -rx; dx <= rx; dx++) {
					final int x = cx + dx, y = cy + dy;
					if (x < 0 || y < 0 || x >= w || y >= h || st[x + w * y] != 0) continue;
					final double d2 = dx * dx * sx * sx + dy * dy * sy * sy;
					if (d2 <= 4 * (1 + 1e-9) && d2 < best) {
						best = d2;
						start = x + w * y;
					}
				}
			if (start < 0) return 0;
			st[start] = 2;
			q[0] = start;
			int n = 1;
			boolean edge = false;
			for (int k = 0; k < n; k++) {
				final int p = q[k], px = p % w, py = p / w;
				if (px == 0 || py == 0 || px == w - 1 || py == h - 1) edge = true;
				if (px > 0 && st[p - 1] == 0) {
					st[p - 1] = 2;
					q[n++] = p - 1;
				}
				if (px < w - 1 && st[p + 1] == 0) {
					st[p + 1] = 2;
					q[n++] = p + 1;
				}
				if (py > 0 && st[p - w] == 0) {
					st[p - w] = 2;
					q[n++] = p - w;
				}
				if (py < h - 1 && st[p + w] == 0) {
					st[p + w] = 2;
					q[n++] = p + w;
				}
			}
			if (edge) return -1;
			// fill what the component encloses: flood (8-connected) the non-component pixels from the box edge
			n = 0;
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					if ((x == 0 || y == 0 || x == w - 1 || y == h - 1) && st[x + w * y] != 2) {
						st[x + w * y] = 3;
						q[n++] = x + w * y;
					}
			while (n > 0) {
				final int p = q[--n], px = p % w, py = p / w;
				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++) {
						final int x = px + dx, y = py + dy;
						if (x < 0 || y < 0 || x >= w || y >= h) continue;
						final int i = x + w * y;
						if (st[i] != 2 && st[i] != 3) {
							st[i] = 3;
							q[n++] = i;
						}
					}
			}
			long count = 0;
			for (int i = 0; i < w * h; i++)
				if (st[i] != 3) {
					out[base + i] = 1;
					count++;
				}
			return count;
		}
	}

	/** Voxel count and bounding box of every label id, one parallel pass over the map. */
	static final class LabelScan {
		private final TreeMap<Integer, long[]> stats = new TreeMap<>(); // id -> {count, x0,y0,z0,x1,y1,z1 (exclusive)}

		static LabelScan of(final RandomAccessibleInterval<? extends RealType<?>> lab) {
			final int nx = (int) lab.dimension(0), ny = (int) lab.dimension(1), nz = (int) lab.dimension(2);
			@SuppressWarnings("unchecked")
			final TreeMap<Integer, long[]>[] per = new TreeMap[nz];
			Parallel.forEach(nz, z -> {
				final Rows<?> rows = rows(lab);
				final double[] buf = new double[nx];
				final TreeMap<Integer, long[]> m = new TreeMap<>();
				for (int y = 0; y < ny; y++) {
					rows.read(0, y, z, nx, buf);
					for (int x = 0; x < nx; x++) {
						final int id = (int) Math.round(buf[x]);
						if (id == 0) continue;
						long[] st = m.get(id);
						if (st == null) m.put(id, st = new long[] { 0, x, y, z, x + 1, y + 1, z + 1 });
						st[0]++;
						st[1] = Math.min(st[1], x);
						st[2] = Math.min(st[2], y);
						st[4] = Math.max(st[4], x + 1);
						st[5] = Math.max(st[5], y + 1);
					}
				}
				per[z] = m;
			});
			final LabelScan s = new LabelScan();
			for (final TreeMap<Integer, long[]> m : per)
				for (final java.util.Map.Entry<Integer, long[]> e : m.entrySet()) {
					final long[] a = e.getValue(), t = s.stats.get(e.getKey());
					if (t == null) s.stats.put(e.getKey(), a.clone());
					else {
						t[0] += a[0];
						for (int k = 1; k <= 3; k++)
							t[k] = Math.min(t[k], a[k]);
						for (int k = 4; k <= 6; k++)
							t[k] = Math.max(t[k], a[k]);
					}
				}
			return s;
		}

		@SuppressWarnings({ "unchecked", "rawtypes" })
		private static Rows<?> rows(final RandomAccessibleInterval<? extends RealType<?>> lab) {
			return new Rows((RandomAccessibleInterval) lab);
		}

		boolean present(final int id) {
			return stats.containsKey(id);
		}

		List<Integer> idList() {
			return new ArrayList<>(stats.keySet());
		}

		String ids() {
			return stats.keySet().toString();
		}

		long count(final int id) {
			return stats.get(id)[0];
		}

		int[] box(final int id) {
			final long[] t = stats.get(id);
			return new int[] { (int) t[1], (int) t[2], (int) t[3], (int) t[4], (int) t[5], (int) t[6] };
		}

		/** Mask of label {@code id} over box {@code bb}. */
		Mask mask(final RandomAccessibleInterval<? extends RealType<?>> lab, final int id, final int[] bb) {
			final int w = bb[3] - bb[0], h = bb[4] - bb[1], d = bb[5] - bb[2];
			final Mask m = new Mask(w, h, d);
			final byte[] md = m.data();
			Parallel.forEach(d, z -> {
				final Rows<?> rows = rows(lab);
				final double[] buf = new double[w];
				for (int y = 0; y < h; y++) {
					rows.read(bb[0], bb[1] + y, bb[2] + z, w, buf);
					for (int x = 0; x < w; x++)
						if (Math.round(buf[x]) == id) md[x + w * (y + h * z)] = 1;
				}
			});
			return m;
		}
	}
}
