package org.marrowj.marrow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;
import org.marrowj.morph.Mask;
import org.marrowj.morph.Parallel;
import org.marrowj.morph.Morph;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/**
 * Femoral shaft marrow in a CT of the thighs (values in HU).
 * <p>
 * Method, slice by slice (axial slices = the image's z index; parallel over slices):
 * <ol>
 * <li>cortical bone = voxels with HU &gt;= cortical_hu, within the optional ROI and z range;</li>
 * <li>holes of the bone: background regions (4-connected) that cannot reach the edge of the bone's
 * bounding box (+1 voxel) or a pixel outside the ROI without crossing bone. Filling holes per slice
 * rather than in 3D is what finds the canal of a cropped stack, where the canal is open at both
 * ends;</li>
 * <li>candidate canals: holes of at least min_cavity_mm2 whose compactness area / (4 pi sqrt(det
 * C)) (C = covariance of the pixel positions, mm^2; 1 for a filled ellipse) is at least 0.5; each
 * canal's cavity = the hole with everything it encloses (bone islands in the canal and their
 * holes) minus bone, so no voxel &gt;= cortical_hu is ever marrow;</li>
 * <li>canals are linked across slices into tracks (a cavity joins the track whose last centroid
 * lies within that cavity's equivalent radius sqrt(area / pi), the largest cavity first); the
 * femur is the track with the most cavity voxels; a second femur is the largest other track
 * at least 60 mm away in world x, further apart in x than in y, with at least 20% of the first
 * one's cavity voxels. Other tracks (e.g. the marrow of another bone touching the femur) are
 * ignored with a warning;</li>
 * <li>marrow of each femur = the union of its slices' cavities, shrunk in 3D by margin_mm with the
 * exact Euclidean distance transform ({@link Morph#shrink}: keeps voxels whose distance, centre to
 * centre in mm, to the nearest voxel outside the cavity is &gt; margin_mm; slices without a
 * closed ring and beyond the stack count as outside).</li>
 * </ol>
 * Side: the patient's, from the world (LPS) x coordinate of each canal's centroid (+x = patient's
 * left), never from the image columns. With two femurs the one at larger x is the left; with one
 * femur its side is the sign of its world x (the patient's midline assumed near x = 0, a warning
 * says so).
 * <p>
 * Limits: the stack should be of the shaft; at the metaphyses, trabecular bone breaks the canal
 * into small holes and the largest one is taken (give a z range). A canal whose cortex is broken
 * on a slice (fracture, nutrient canal wider than a voxel, partial volume) is skipped on that
 * slice with a warning.
 */
public final class FemoralShaftMarrow {

	private FemoralShaftMarrow() {}

	/** Parameters; every one has a default. */
	public static final class Settings {
		private double cortical_hu = 400;
		private double margin_mm = 1.0;
		private double min_cavity_mm2 = 20;
		private int z_min = -1, z_max = -1;
		private int[] roiBox;
		private Mask roiMask;

		/** Cortical bone threshold in HU (default 400): bone = HU &gt;= cortical_hu. */
		public Settings cortical_hu(final double v) {
			if (!Double.isFinite(v)) throw new BadInputException("cortical_hu", "must be a finite number, got " + v);
			cortical_hu = v;
			return this;
		}

		/** Margin in mm removed from the cavity wall (default 1.0, &gt;= 0). */
		public Settings margin_mm(final double v) {
			if (!(v >= 0) || Double.isInfinite(v)) throw new BadInputException("margin_mm", "must be >= 0 mm, got " + v);
			margin_mm = v;
			return this;
		}

		/** Smallest cross-section (mm^2) of a hole taken as a canal (default 20). */
		public Settings min_cavity_mm2(final double v) {
			if (!(v > 0) || Double.isInfinite(v)) throw new BadInputException("min_cavity_mm2", "must be > 0 mm^2, got " + v);
			min_cavity_mm2 = v;
			return this;
		}

		/** Slices z_min..z_max (inclusive, voxel indices) to use; default all. */
		public Settings zRange(final int z_min, final int z_max) {
			if (z_min < 0 || z_max < z_min)
				throw new BadInputException("z_range", "needs 0 <= z_min <= z_max, got " + z_min + ".." + z_max);
			this.z_min = z_min;
			this.z_max = z_max;
			return this;
		}

		/** Rectangle x0..x1, y0..y1 (inclusive voxel indices) applied to every slice. */
		public Settings roiBox(final int x0, final int y0, final int x1, final int y1) {
			if (x0 < 0 || y0 < 0 || x1 < x0 || y1 < y0)
				throw new BadInputException("roi", "needs 0 <= x0 <= x1 and 0 <= y0 <= y1, got " + x0 + "," + y0 + "," + x1 + "," + y1);
			roiBox = new int[] { x0, y0, x1, y1 };
			return this;
		}

		/** A 2D mask (nx x ny x 1, on the CT's grid) applied to every slice; the canal must lie inside it. */
		public Settings roiMask(final Mask roi) {
			if (roi != null && roi.nz() != 1) throw new BadInputException("roi", "must be a single slice (nz = 1), got nz = " + roi.nz());
			roiMask = roi;
			return this;
		}

		public double cortical_hu() {
			return cortical_hu;
		}

		public double margin_mm() {
			return margin_mm;
		}

		public double min_cavity_mm2() {
			return min_cavity_mm2;
		}
	}

	/** What was done for one femur. */
	public static final class SideReport {
		private final String side;
		private final int[] slicesUsed, slicesSkipped;
		private final long cavityVoxels;
		private final double[] centroid_mm;

		SideReport(final String side, final int[] used, final int[] skipped, final long cavityVoxels, final double[] centroid_mm) {
			this.side = side;
			this.slicesUsed = used;
			this.slicesSkipped = skipped;
			this.cavityVoxels = cavityVoxels;
			this.centroid_mm = centroid_mm;
		}

		public String side() {
			return side;
		}

		/** Slices (z index) whose closed ring gave cavity. */
		public int[] slicesUsed() {
			return slicesUsed.clone();
		}

		/** Slices of the analysed z range where this canal had no closed cortical ring (not used). */
		public int[] slicesSkipped() {
			return slicesSkipped.clone();
		}

		/** Cavity voxels before shrinking. */
		public long cavityVoxels() {
			return cavityVoxels;
		}

		/** World (LPS, mm) centroid of the cavity. */
		public double[] centroid_mm() {
			return centroid_mm.clone();
		}
	}

	/** Regions (left first when both), per-side reports and warnings. */
	public static final class Result {
		private final List<MarrowRegion> regions;
		private final List<SideReport> sides;
		private final List<String> warnings;

		Result(final List<MarrowRegion> regions, final List<SideReport> sides, final List<String> warnings) {
			this.regions = Collections.unmodifiableList(regions);
			this.sides = Collections.unmodifiableList(sides);
			this.warnings = Collections.unmodifiableList(warnings);
		}

		public List<MarrowRegion> regions() {
			return regions;
		}

		public List<SideReport> sides() {
			return sides;
		}

		public List<String> warnings() {
			return warnings;
		}

		/** The region of side "left" or "right", or null. */
		public MarrowRegion region(final String side) {
			for (final MarrowRegion r : regions)
				if (r.side().equals(side)) return r;
			return null;
		}

		public SideReport side(final String side) {
			for (final SideReport r : sides)
				if (r.side().equals(side)) return r;
			return null;
		}
	}

	private static final double MIN_COMPACTNESS = 0.5;
	private static final double FEMUR_SEPARATION_MM = 60;
	private static final double SECOND_FEMUR_FRACTION = 0.2;

	/** Segments the femoral shaft marrow of each femur in {@code ct} (HU). */
	public static <T extends RealType<T> & NativeType<T>> Result segment(final Volume<T> ct, final Settings s) {
		final RandomAccessibleInterval<T> img = ct.image();
		final Geometry g = ct.geometry();
		final int nx = ct.width(), ny = ct.height(), nz = ct.depth();
		final double sx = g.spacing(0), sy = g.spacing(1);
		final int z0 = s.z_min < 0 ? 0 : s.z_min, z1 = s.z_max < 0 ? nz - 1 : s.z_max;
		if (z0 >= nz || z1 >= nz)
			throw new BadInputException("z_range", z0 + ".." + z1 + " reaches beyond the image's " + nz + " slices (0.." + (nz - 1) + ")");
		int[] box = { 0, 0, nx - 1, ny - 1 };
		byte[] roi = null;
		if (s.roiBox != null) {
			if (s.roiBox[2] >= nx || s.roiBox[3] >= ny)
				throw new BadInputException("roi", "box reaches beyond the " + nx + "x" + ny + " image");
			box = s.roiBox.clone();
		}
		if (s.roiMask != null) {
			if (s.roiMask.nx() != nx || s.roiMask.ny() != ny)
				throw new BadInputException("roi", "mask is " + s.roiMask.nx() + "x" + s.roiMask.ny() + ", the image " + nx + "x" + ny);
			roi = s.roiMask.data();
			box = intersect(box, boundingBox2D(roi, nx, ny));
			if (box == null) throw new BadInputException("roi", "is empty");
		}
		// 1-3: per slice, in parallel
		final SliceHoles sh = new SliceHoles(nx, box, roi, s.cortical_hu, sx, sy, s.min_cavity_mm2, MIN_COMPACTNESS);
		final int n = z1 - z0 + 1;
		final SliceHoles.Result[] slices = new SliceHoles.Result[n];
		Parallel.forEach(n, i -> slices[i] = sh.run(img, z0 + i));
		long bone = 0;
		for (final SliceHoles.Result r : slices)
			bone += r.boneCount;
		final String hu = fmt(s.cortical_hu);
		if (bone == 0) throw new BadInputException("image", "no cortical bone >= " + hu +
			" HU found; check cortical_hu or that the image is a CT in HU");
		// 4: tracks
		final List<Track> tracks = link(slices, sx, sy);
		if (tracks.isEmpty()) throw new BadInputException("image", "no closed cortical ring found on any slice (z " + z0 + ".." + z1 +
			"): bone >= " + hu + " HU encloses no canal of at least " + fmt(s.min_cavity_mm2) +
			" mm^2; the cortex is open on every slice, or cortical_hu is too high");
		final List<String> warnings = new ArrayList<>();
		tracks.sort((a, b) -> Long.compare(b.voxels, a.voxels));
		final Track first = tracks.get(0);
		first.centroid_mm = g.indexToWorld(first.sx / first.voxels, first.sy / first.voxels, first.sz / first.voxels);
		Track second = null;
		for (int t = 1; t < tracks.size(); t++) {
			final Track c = tracks.get(t);
			c.centroid_mm = g.indexToWorld(c.sx / c.voxels, c.sy / c.voxels, c.sz / c.voxels);
			final double dx = Math.abs(c.centroid_mm[0] - first.centroid_mm[0]), dy = Math.abs(c.centroid_mm[1] - first.centroid_mm[1]);
			final boolean big = c.voxels >= SECOND_FEMUR_FRACTION * first.voxels;
			if (second == null && big && dx >= FEMUR_SEPARATION_MM && dx > dy) second = c;
			else if (big) warnings.add(String.format(Locale.ROOT,
				"a cavity of %d voxels on slices %d..%d at world (%.1f, %.1f) mm is not taken as femoral marrow " +
					"(%.1f mm from the femur's canal in x: another bone?)",
				c.voxels, c.cavities.get(0).z, c.cavities.get(c.cavities.size() - 1).z, c.centroid_mm[0], c.centroid_mm[1], dx));
		}
		final List<Track> femurs = new ArrayList<>();
		femurs.add(first);
		if (second != null) {
			femurs.add(second);
			femurs.sort((a, b) -> Double.compare(b.centroid_mm[0], a.centroid_mm[0])); // larger x = left first
			femurs.get(0).side = MarrowRegion.LEFT;
			femurs.get(1).side = MarrowRegion.RIGHT;
		}
		else {
			first.side = first.centroid_mm[0] >= 0 ? MarrowRegion.LEFT : MarrowRegion.RIGHT;
			warnings.add(String.format(Locale.ROOT,
				"one femur found; its side (%s) is the sign of its world x = %.1f mm, assuming the patient's midline near x = 0",
				first.side, first.centroid_mm[0]));
		}
		// 5: shrink each femur's cavity
		final List<MarrowRegion> regions = new ArrayList<>();
		final List<SideReport> reports = new ArrayList<>();
		for (final Track t : femurs) {
			final int[] used = new int[t.cavities.size()];
			for (int i = 0; i < used.length; i++)
				used[i] = t.cavities.get(i).z;
			final int[] skipped = skipped(used, z0, z1);
			if (skipped.length > 0) warnings.add(t.side + " femur: no closed cortical ring around the canal on " + skipped.length +
				" slice(s) " + ranges(skipped) + "; those slices are not used");
			reports.add(new SideReport(t.side, used, skipped, t.voxels, t.centroid_mm));
			regions.add(shrink(t, s.margin_mm, g, nx, ny, nz));
		}
		return new Result(regions, reports, warnings);
	}

	/** Cavities of one canal across slices. */
	private static final class Track {
		final List<SliceHoles.Cavity> cavities = new ArrayList<>();
		long voxels;
		double sx, sy, sz;
		double[] centroid_mm;
		String side;

		void add(final SliceHoles.Cavity c) {
			cavities.add(c);
			final long v = c.pixels.length;
			voxels += v;
			sx += c.cx * v;
			sy += c.cy * v;
			sz += (double) c.z * v;
		}

		SliceHoles.Cavity last() {
			return cavities.get(cavities.size() - 1);
		}
	}

	private static List<Track> link(final SliceHoles.Result[] slices, final double sx, final double sy) {
		final List<Track> tracks = new ArrayList<>();
		for (final SliceHoles.Result r : slices) {
			final List<SliceHoles.Cavity> cs = new ArrayList<>(r.cavities);
			cs.sort((a, b) -> Integer.compare(b.pixels.length, a.pixels.length)); // largest first
			final boolean[] taken = new boolean[tracks.size()];
			for (final SliceHoles.Cavity c : cs) {
				final double radius = Math.sqrt(c.area_mm2 / Math.PI);
				int best = -1;
				double bestD = Double.MAX_VALUE;
				for (int t = 0; t < tracks.size(); t++) {
					if (t < taken.length && taken[t]) continue;
					final SliceHoles.Cavity l = tracks.get(t).last();
					final double d = Math.hypot((c.cx - l.cx) * sx, (c.cy - l.cy) * sy);
					if (d <= Math.max(radius, Math.sqrt(l.area_mm2 / Math.PI)) && d < bestD) {
						best = t;
						bestD = d;
					}
				}
				if (best >= 0) {
					taken[best] = true;
					tracks.get(best).add(c);
				}
				else {
					final Track t = new Track();
					t.add(c);
					tracks.add(t);
				}
			}
		}
		return tracks;
	}

	private static MarrowRegion shrink(final Track t, final double margin_mm, final Geometry g, final int nx, final int ny,
		final int nz)
	{
		int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
		final int zf = t.cavities.get(0).z, zl = t.last().z;
		for (final SliceHoles.Cavity c : t.cavities) {
			x0 = Math.min(x0, c.x0);
			y0 = Math.min(y0, c.y0);
			x1 = Math.max(x1, c.x1);
			y1 = Math.max(y1, c.y1);
		}
		// one voxel of outside around the cavity where the image continues
		final int bx0 = Math.max(0, x0 - 1), by0 = Math.max(0, y0 - 1), bz0 = Math.max(0, zf - 1);
		final int bx1 = Math.min(nx - 1, x1 + 1), by1 = Math.min(ny - 1, y1 + 1), bz1 = Math.min(nz - 1, zl + 1);
		final int w = bx1 - bx0 + 1, h = by1 - by0 + 1, d = bz1 - bz0 + 1;
		final Mask cavity = new Mask(w, h, d);
		final byte[] m = cavity.data();
		for (final SliceHoles.Cavity c : t.cavities) {
			final int base = w * h * (c.z - bz0);
			for (final int p : c.pixels)
				m[base + (p % nx - bx0) + w * (p / nx - by0)] = 1;
		}
		final Mask marrow = Morph.shrink(cavity, margin_mm, g.spacing());
		final int[] bb = Morph.boundingBox(marrow);
		if (bb == null) throw new BadInputException("margin_mm", "margin_mm = " + fmt(margin_mm) + " mm is too large for the " +
			t.side + " femoral cavity of " + t.voxels + " voxels: nothing remains after shrinking");
		final Mask tight = bb[3] - bb[0] == w && bb[4] - bb[1] == h && bb[5] - bb[2] == d ? marrow : Morph.crop(marrow, bb);
		return new MarrowRegion(MarrowRegion.Site.FEMORAL_SHAFT, "femoral_shaft_" + t.side, 0, t.side, "", tight,
			new long[] { bx0 + bb[0], by0 + bb[1], bz0 + bb[2] }, g, new long[] { nx, ny, nz });
	}

	// ---- small helpers ----

	private static int[] boundingBox2D(final byte[] roi, final int nx, final int ny) {
		int x0 = nx, y0 = ny, x1 = -1, y1 = -1;
		for (int y = 0; y < ny; y++)
			for (int x = 0; x < nx; x++)
				if (roi[x + nx * y] != 0) {
					x0 = Math.min(x0, x);
					x1 = Math.max(x1, x);
					y0 = Math.min(y0, y);
					y1 = y;
				}
		return x1 < 0 ? null : new int[] { x0, y0, x1, y1 };
	}

	private static int[] intersect(final int[] a, final int[] b) {
		if (b == null) return null;
		final int[] r = { Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3]) };
		return r[0] > r[2] || r[1] > r[3] ? null : r;
	}

	private static int[] skipped(final int[] used, final int z0, final int z1) {
		final boolean[] u = new boolean[z1 - z0 + 1];
		for (final int z : used)
			u[z - z0] = true;
		int c = 0;
		for (final boolean b : u)
			if (!b) c++;
		final int[] r = new int[c];
		c = 0;
		for (int i = 0; i < u.length; i++)
			if (!u[i]) r[c++] = z0 + i;
		return r;
	}

	/** "3..7, 12, 20..21" */
	static String ranges(final int[] zs) {
		final StringBuilder b = new StringBuilder();
		int i = 0;
		while (i < zs.length) {
			int j = i;
			while (j + 1 < zs.length && zs[j + 1] == zs[j] + 1)
				j++;
			if (b.length() > 0) b.append(", ");
			b.append(zs[i]);
			if (j > i) b.append("..").append(zs[j]);
			i = j + 1;
		}
		return "z = " + b;
	}

	static String fmt(final double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
	}

	static String arr(final int[] a) {
		return Arrays.toString(a);
	}
}
