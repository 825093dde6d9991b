package org.marrowj.qct;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;
import org.marrowj.morph.Parallel;
import org.marrowj.qct.RodDetector.Candidate;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/** The slice range of a CT used for rods: its mean projection and per-slice ROI statistics. */
final class Plane {

	/** Threshold levels of the candidate search span at most [LEVEL_MIN_HU, LEVEL_MAX_HU]. */
	static final double LEVEL_MIN_HU = -300, LEVEL_MAX_HU = 2000;

	final int nx, ny, z0, z1;
	final double sx, sy;
	private final RandomAccessibleInterval<? extends RealType<?>> img;
	private final long[] min;
	private final Geometry geometry;
	float[] p;

	Plane(final Volume<?> ct, final RodOptions o) {
		img = ct.image();
		min = img.minAsLongArray();
		final long[] d = img.dimensionsAsLongArray();
		if (d[0] > Integer.MAX_VALUE || d[1] > Integer.MAX_VALUE || d[0] * d[1] > Integer.MAX_VALUE)
			throw new BadInputException("image", "slices of " + d[0] + " x " + d[1] + " voxels are too large");
		nx = (int) d[0];
		ny = (int) d[1];
		final int nz = (int) d[2];
		final Geometry g = ct.geometry();
		geometry = g;
		if (Math.abs(g.indexAxisAlongWorld(2)) != 3)
			throw new BadInputException("image", "calibration rods are searched in axial slices, but this image's slices " +
				"(index axis 2) do not run superior-inferior; reformat it to axial slices");
		z0 = o.z_first < 0 ? 0 : o.z_first;
		z1 = o.z_last < 0 ? nz - 1 : o.z_last;
		if (z0 >= nz) throw new BadInputException("z_first", "is " + z0 + " but the image has slices 0.." + (nz - 1));
		if (z1 >= nz) throw new BadInputException("z_last", "is " + z1 + " but the image has slices 0.." + (nz - 1));
		if (z1 < z0) throw new BadInputException("z_last", "(" + z1 + ") must not be less than z_first (" + z0 + ")");
		sx = g.spacing(0);
		sy = g.spacing(1);
	}

	/** P(x, y) = mean over z in [z0, z1] of the image, in parallel over rows. */
	void project() {
		p = new float[nx * ny];
		final int nzUsed = z1 - z0 + 1;
		Parallel.forBlocks(ny, Math.max(1, ny / (4 * Parallel.threads())), (from, to) -> {
			final RandomAccess<? extends RealType<?>> ra = img.randomAccess();
			final double[] row = new double[nx];
			for (int y = from; y < to; y++) {
				Arrays.fill(row, 0);
				for (int z = z0; z <= z1; z++) {
					ra.setPosition(min[0], 0);
					ra.setPosition(min[1] + y, 1);
					ra.setPosition(min[2] + z, 2);
					for (int x = 0; x < nx; x++) {
						row[x] += ra.get().getRealDouble();
						ra.fwd(0);
					}
				}
				for (int x = 0; x < nx; x++)
					p[x + nx * y] = (float) (row[x] / nzUsed);
			}
		});
		for (final float v : p)
			if (!Float.isFinite(v)) throw new BadInputException("image", "holds non-finite values (NaN or infinity) in the slices used");
	}

	/** Round components of {P > t} and {P < t} over threshold levels; see {@link RodDetector}. */
	List<Candidate> candidates(final RodOptions o) {
		float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
		for (final float v : p) {
			lo = Math.min(lo, v);
			hi = Math.max(hi, v);
		}
		final double bottom = Math.max(lo, LEVEL_MIN_HU), top = Math.min(hi, LEVEL_MAX_HU);
		final double step = o.min_contrast_hu / 2;
		final int levels = top > bottom ? (int) Math.ceil((top - bottom) / step) : 0;
		final List<List<Candidate>> perLevel = new ArrayList<>();
		for (int i = 0; i < levels; i++)
			perLevel.add(null);
		final int n = nx * ny;
		Parallel.forBlocks(levels, Math.max(1, levels / (4 * Parallel.threads())), (from, to) -> {
			final int[] seen = new int[n], stack = new int[n];
			final boolean[] in = new boolean[n];
			for (int i = from; i < to; i++) {
				final double t = bottom + (i + 0.5) * step;
				final List<Candidate> found = new ArrayList<>();
				components(t, true, o, found, in, seen, stack, 2 * i + 1);
				components(t, false, o, found, in, seen, stack, 2 * i + 2);
				perLevel.set(i, found);
			}
		});
		final List<Candidate> all = new ArrayList<>();
		for (final List<Candidate> l : perLevel)
			all.addAll(l);
		return dedupe(all);
	}

	/**
	 * Components of {P &gt; t} (bright) or {P &lt; t}; {@code seen} marks visited pixels with
	 * {@code mark} (a value not used before on that array); {@code in} and {@code stack} are scratch.
	 */
	private void components(final double t, final boolean bright, final RodOptions o, final List<Candidate> out, final boolean[] in,
		final int[] seen, final int[] stack, final int mark)
	{
		final int n = nx * ny;
		final float tf = (float) t;
		for (int i = 0; i < n; i++)
			in[i] = bright ? p[i] > tf : p[i] < tf;
		final double pixelArea = sx * sy, halfDiag = 0.5 * Math.sqrt(sx * sx + sy * sy);
		final double minArea = Math.PI * sq(0.8 * o.rod_radius_min_mm), maxArea = Math.PI * sq(1.2 * o.rod_radius_max_mm);
		int[] pix = new int[64];
		for (int s = 0; s < n; s++) {
			if (!in[s] || seen[s] == mark) continue;
			int top = 0, count = 0;
			boolean border = false;
			stack[top++] = s;
			seen[s] = mark;
			while (top > 0) {
				final int i = stack[--top];
				if (count == pix.length) pix = Arrays.copyOf(pix, 2 * count);
				pix[count++] = i;
				final int x = i % nx, y = i / nx;
				if (x == 0 || y == 0 || x == nx - 1 || y == ny - 1) border = true;
				if (x > 0 && in[i - 1] && seen[i - 1] != mark) {
					seen[i - 1] = mark;
					stack[top++] = i - 1;
				}
				if (x < nx - 1 && in[i + 1] && seen[i + 1] != mark) {
					seen[i + 1] = mark;
					stack[top++] = i + 1;
				}
				if (y > 0 && in[i - nx] && seen[i - nx] != mark) {
					seen[i - nx] = mark;
					stack[top++] = i - nx;
				}
				if (y < ny - 1 && in[i + nx] && seen[i + nx] != mark) {
					seen[i + nx] = mark;
					stack[top++] = i + nx;
				}
			}
			final double area = count * pixelArea;
			if (border || area < minArea || area > maxArea) continue;
			double mx = 0, my = 0;
			for (int k = 0; k < count; k++) {
				mx += pix[k] % nx;
				my += pix[k] / nx;
			}
			mx /= count;
			my /= count;
			double cxx = 0, cyy = 0, cxy = 0, maxD2 = 0;
			for (int k = 0; k < count; k++) {
				final double dx = (pix[k] % nx - mx) * sx, dy = (pix[k] / nx - my) * sy;
				cxx += dx * dx;
				cyy += dy * dy;
				cxy += dx * dy;
				maxD2 = Math.max(maxD2, dx * dx + dy * dy);
			}
			cxx /= count;
			cyy /= count;
			cxy /= count;
			final double tr = cxx + cyy, disc = Math.sqrt(sq(cxx - cyy) + 4 * cxy * cxy);
			final double l1 = 0.5 * (tr + disc), l2 = 0.5 * (tr - disc);
			final double roundness = l1 > 0 ? l2 / l1 : 1;
			final double r = Math.sqrt(area / Math.PI);
			if (roundness < 0.75 || Math.sqrt(maxD2) > 1.1 * r + halfDiag) continue;
			out.add(new Candidate(mx, my, r, roundness));
		}
	}

	/** Keeps the roundest of candidates closer than half a radius to each other. */
	List<Candidate> dedupe(final List<Candidate> cs) {
		final List<Candidate> sorted = new ArrayList<>(cs);
		sorted.sort(Comparator.comparingDouble((Candidate c) -> -c.roundness));
		final List<Candidate> kept = new ArrayList<>();
		for (final Candidate c : sorted) {
			boolean dup = false;
			for (final Candidate k : kept)
				if (distance_mm(c.x, c.y, k.x, k.y) < 0.5 * Math.max(c.radius_mm, k.radius_mm)) {
					dup = true;
					break;
				}
			if (!dup) kept.add(c);
		}
		return kept;
	}

	double distance_mm(final double x0, final double y0, final double x1, final double y1) {
		return Math.sqrt(sq((x1 - x0) * sx) + sq((y1 - y0) * sy));
	}

	/** Core mean, surrounding median, half-contrast region: refined centre and radius, or null. */
	Candidate refine(final Candidate c, final RodOptions o) {
		final double r0 = c.radius_mm;
		final double coreR = Math.max(0.5 * r0, Math.min(sx, sy));
		final int[] box = box(c.x, c.y, 2 * r0);
		double core = 0;
		int nCore = 0;
		final List<Double> ring = new ArrayList<>();
		for (int y = box[2]; y <= box[3]; y++)
			for (int x = box[0]; x <= box[1]; x++) {
				final double d = distance_mm(c.x, c.y, x, y);
				if (d <= coreR) {
					core += p[x + nx * y];
					nCore++;
				}
				else if (d >= 1.4 * r0 && d <= 1.9 * r0) ring.add((double) p[x + nx * y]);
			}
		if (nCore == 0 || ring.size() < 4) return null;
		core /= nCore;
		final double[] rv = new double[ring.size()];
		for (int i = 0; i < rv.length; i++)
			rv[i] = ring.get(i);
		final double bg = median(rv);
		final double contrast = core - bg;
		if (Math.abs(contrast) < o.min_contrast_hu) return null;
		final double half = bg + 0.5 * contrast, sign = Math.signum(contrast);
		// flood from the pixel nearest the centre within 1.5 radii
		final int sx0 = (int) Math.round(c.x), sy0 = (int) Math.round(c.y);
		if ((p[sx0 + nx * sy0] - half) * sign <= 0) return null;
		final int[] wb = box(c.x, c.y, 1.5 * r0);
		final int w = wb[1] - wb[0] + 1, h = wb[3] - wb[2] + 1;
		final boolean[] seen = new boolean[w * h];
		final int[] stack = new int[w * h];
		int top = 0, count = 0;
		double mx = 0, my = 0;
		stack[top++] = (sx0 - wb[0]) + w * (sy0 - wb[2]);
		seen[stack[0]] = true;
		boolean leaks = false;
		final List<int[]> pix = new ArrayList<>();
		while (top > 0) {
			final int i = stack[--top];
			final int lx = i % w, ly = i / w, x = lx + wb[0], y = ly + wb[2];
			count++;
			mx += x;
			my += y;
			pix.add(new int[] { x, y });
			if (distance_mm(c.x, c.y, x, y) > 1.5 * r0 - 0.5 * Math.max(sx, sy)) leaks = true;
			final int[][] nb = { { lx - 1, ly }, { lx + 1, ly }, { lx, ly - 1 }, { lx, ly + 1 } };
			for (final int[] q : nb) {
				if (q[0] < 0 || q[1] < 0 || q[0] >= w || q[1] >= h) continue;
				final int j = q[0] + w * q[1];
				if (seen[j]) continue;
				final int gx = q[0] + wb[0], gy = q[1] + wb[2];
				if (distance_mm(c.x, c.y, gx, gy) > 1.5 * r0) continue;
				if ((p[gx + nx * gy] - half) * sign <= 0) continue;
				seen[j] = true;
				stack[top++] = j;
			}
		}
		if (leaks) return null;
		mx /= count;
		my /= count;
		final double r = Math.sqrt(count * sx * sy / Math.PI);
		double maxD = 0;
		for (final int[] q : pix)
			maxD = Math.max(maxD, distance_mm(mx, my, q[0], q[1]));
		if (maxD > 1.1 * r + 0.5 * Math.sqrt(sx * sx + sy * sy)) return null;
		final Candidate out = new Candidate(mx, my, r, c.roundness);
		out.contrast = contrast;
		return out;
	}

	/** [x0, x1, y0, y1] (inclusive, clipped) of the pixels within radius_mm of (cx, cy). */
	int[] box(final double cx, final double cy, final double radius_mm) {
		return new int[] { Math.max(0, (int) Math.floor(cx - radius_mm / sx)), Math.min(nx - 1, (int) Math.ceil(cx + radius_mm / sx)),
			Math.max(0, (int) Math.floor(cy - radius_mm / sy)), Math.min(ny - 1, (int) Math.ceil(cy + radius_mm / sy)) };
	}

	/**
	 * True when the object is seen in at least {@link RodDetector#PRESENT_FRACTION} of the slices: the
	 * slice's mean within 0.7 radius minus its median over the annulus 1.4..1.9 radii has the sign of
	 * the contrast and at least half its size.
	 */
	boolean columnAlongZ(final Candidate c, final RodOptions o) {
		final double r = c.radius_mm;
		final int[] b = box(c.x, c.y, 1.9 * r);
		final List<int[]> inner = new ArrayList<>(), ring = new ArrayList<>();
		for (int y = b[2]; y <= b[3]; y++)
			for (int x = b[0]; x <= b[1]; x++) {
				final double d = distance_mm(c.x, c.y, x, y);
				if (d <= 0.7 * r) inner.add(new int[] { x, y });
				else if (d >= 1.4 * r && d <= 1.9 * r) ring.add(new int[] { x, y });
			}
		if (inner.isEmpty() || ring.isEmpty()) return false;
		final RandomAccess<? extends RealType<?>> ra = img.randomAccess();
		final double[] rv = new double[ring.size()];
		int present = 0;
		for (int z = z0; z <= z1; z++) {
			double in = 0;
			for (final int[] q : inner)
				in += value(ra, q[0], q[1], z);
			for (int i = 0; i < rv.length; i++)
				rv[i] = value(ra, ring.get(i)[0], ring.get(i)[1], z);
			final double diff = in / inner.size() - median(rv);
			if (diff * Math.signum(c.contrast) >= 0.5 * Math.abs(c.contrast)) present++;
		}
		return present >= RodDetector.PRESENT_FRACTION * (z1 - z0 + 1);
	}

	private double value(final RandomAccess<? extends RealType<?>> ra, final int x, final int y, final int z) {
		ra.setPosition(min[0] + x, 0);
		ra.setPosition(min[1] + y, 1);
		ra.setPosition(min[2] + z, 2);
		return ra.get().getRealDouble();
	}

	/** Median of v (sorted in place). */
	static double median(final double[] v) {
		Arrays.sort(v);
		final int n = v.length;
		return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
	}

	/** HU statistics of the ROI of a rod at (cx, cy) of radius r over slices z0..z1. */
	Rod measure(final int index, final double cx, final double cy, final double r, final RodOptions o, final String radiusParameter) {
		final double roi = Math.min(o.roi_fraction * r, r - o.roi_margin_mm);
		final int[] b = box(cx, cy, Math.max(roi, 0));
		final List<int[]> pix = new ArrayList<>();
		if (roi > 0) for (int y = b[2]; y <= b[3]; y++)
			for (int x = b[0]; x <= b[1]; x++)
				if (distance_mm(cx, cy, x, y) <= roi) pix.add(new int[] { x, y });
		if (pix.isEmpty())
			throw new BadInputException(radiusParameter, String.format(java.util.Locale.ROOT,
				"rod %d: radius %.2f mm leaves no voxel in the measurement ROI (radius min(%.2f x r, r - %.2f mm)); " +
					"lower roi_margin_mm or check the radius", index, r, o.roi_fraction, o.roi_margin_mm));
		final RandomAccess<? extends RealType<?>> ra = img.randomAccess();
		final int nz = z1 - z0 + 1;
		final double[] v = new double[pix.size() * nz];
		int k = 0;
		for (int z = z0; z <= z1; z++)
			for (final int[] q : pix) {
				ra.setPosition(min[0] + q[0], 0);
				ra.setPosition(min[1] + q[1], 1);
				ra.setPosition(min[2] + z, 2);
				v[k++] = ra.get().getRealDouble();
			}
		double sum = 0;
		for (final double x : v)
			sum += x;
		final double mean = sum / v.length;
		double ss = 0;
		for (final double x : v)
			ss += (x - mean) * (x - mean);
		final double sd = v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : Double.NaN;
		if (!Double.isFinite(mean))
			throw new BadInputException("image", "rod " + index + ": the ROI holds non-finite values (NaN or infinity)");
		final double[] world = geometry.indexToWorld(cx, cy, 0.5 * (z0 + z1));
		return new Rod(index, new double[] { cx, cy }, world, r, roi, mean, sd, v.length, z0, z1);
	}

	private static double sq(final double v) {
		return v * v;
	}
}
