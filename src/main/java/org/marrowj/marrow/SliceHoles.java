package org.marrowj.marrow;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * One axial slice of a CT: cortical bone by threshold, and the cavities enclosed by it. A hole is
 * a 4-connected component of non-bone pixels that cannot reach the edge of the search box (or a
 * pixel outside the ROI) without crossing bone (bone is 8-connected, background 4-connected). A
 * cavity is a hole H together with everything H encloses (islands of bone floating in the canal
 * and their own holes), minus the bone: fill(H) &amp; !bone.
 */
final class SliceHoles {

	/** A cavity found in one slice: its pixels (flat slice index x + nx*y) and shape figures. */
	static final class Cavity {
		final int z;
		final int[] pixels;
		final double cx, cy; // centroid, voxel index
		final int x0, y0, x1, y1; // bounding box, inclusive
		final double area_mm2;
		int track = -1;

		Cavity(final int z, final int[] pixels, final double cx, final double cy, final int x0, final int y0, final int x1,
			final int y1, final double area_mm2)
		{
			this.z = z;
			this.pixels = pixels;
			this.cx = cx;
			this.cy = cy;
			this.x0 = x0;
			this.y0 = y0;
			this.x1 = x1;
			this.y1 = y1;
			this.area_mm2 = area_mm2;
		}
	}

	/** Result of one slice. */
	static final class Result {
		long boneCount;
		final List<Cavity> cavities = new ArrayList<>(4);
	}

	private static final byte BG = 0, BONE = 1, OUT = 2, DONE = 3;

	private final int nx;
	private final int bx0, by0, bx1, by1; // search box (inclusive), image indices
	private final byte[] roi; // nx*ny, 1 = inside, or null
	private final double threshold, sx, sy, minArea_mm2, minCompactness;

	// per-thread buffers
	private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

	private static final class Buffers {
		byte[] state = new byte[0];
		int[] queue = new int[0];
		byte[] fill = new byte[0];
		int[] fillQueue = new int[0];
		double[] row = new double[0];

		void ensure(final int boxPixels, final int rowLength) {
			if (state.length < boxPixels) {
				state = new byte[boxPixels];
				queue = new int[boxPixels];
			}
			if (row.length < rowLength) row = new double[rowLength];
		}

		void ensureFill(final int n) {
			if (fill.length < n) {
				fill = new byte[n];
				fillQueue = new int[n];
			}
		}
	}

	SliceHoles(final int nx, final int[] box, final byte[] roi, final double threshold, final double sx, final double sy,
		final double minArea_mm2, final double minCompactness)
	{
		this.nx = nx;
		this.bx0 = box[0];
		this.by0 = box[1];
		this.bx1 = box[2];
		this.by1 = box[3];
		this.roi = roi;
		this.threshold = threshold;
		this.sx = sx;
		this.sy = sy;
		this.minArea_mm2 = minArea_mm2;
		this.minCompactness = minCompactness;
	}

	<T extends RealType<T>> Result run(final RandomAccessibleInterval<T> img, final int z) {
		final int w = bx1 - bx0 + 1, h = by1 - by0 + 1;
		final Buffers b = BUFFERS.get();
		b.ensure(w * h, w);
		final byte[] st = b.state;
		final double[] row = b.row;
		final Rows<T> rows = new Rows<>(img);
		final Result res = new Result();
		int mx0 = Integer.MAX_VALUE, my0 = Integer.MAX_VALUE, mx1 = -1, my1 = -1;
		long bone = 0;
		for (int y = 0; y < h; y++) {
			rows.read(bx0, by0 + y, z, w, row);
			final int o = w * y;
			final int ro = nx * (by0 + y) + bx0;
			boolean any = false;
			for (int x = 0; x < w; x++) {
				if (roi != null && roi[ro + x] == 0) {
					st[o + x] = OUT;
				}
				else if (row[x] >= threshold) {
					st[o + x] = BONE;
					bone++;
					if (x < mx0) mx0 = x;
					if (x > mx1) mx1 = x;
					any = true;
				}
				else st[o + x] = BG;
			}
			if (any) {
				if (y < my0) my0 = y;
				my1 = y;
			}
		}
		res.boneCount = bone;
		if (bone == 0) return res;
		// work box: bone box + 1, within the search box (box coordinates)
		final int wx0 = Math.max(0, mx0 - 1), wy0 = Math.max(0, my0 - 1), wx1 = Math.min(w - 1, mx1 + 1),
			wy1 = Math.min(h - 1, my1 + 1);
		final int[] q = b.queue;
		int qn = 0;
		// seeds: background on the work-box border, and every pixel outside the ROI
		for (int y = wy0; y <= wy1; y++)
			for (int x = wx0; x <= wx1; x++) {
				final int i = x + w * y;
				if (st[i] == OUT) q[qn++] = i;
				else if (st[i] == BG && (x == wx0 || x == wx1 || y == wy0 || y == wy1)) {
					st[i] = OUT;
					q[qn++] = i;
				}
			}
		flood4(st, q, qn, w, wx0, wy0, wx1, wy1);
		// remaining background = holes
		for (int y = wy0 + 1; y < wy1; y++)
			for (int x = wx0 + 1; x < wx1; x++) {
				final int i = x + w * y;
				if (st[i] != BG) continue;
				st[i] = DONE;
				q[0] = i;
				int n = 1;
				for (int k = 0; k < n; k++) {
					final int p = q[k];
					final int px = p % w, py = p / w;
					if (px > wx0 && st[p - 1] == BG) {
						st[p - 1] = DONE;
						q[n++] = p - 1;
					}
					if (px < wx1 && st[p + 1] == BG) {
						st[p + 1] = DONE;
						q[n++] = p + 1;
					}
					if (py > wy0 && st[p - w] == BG) {
						st[p - w] = DONE;
						q[n++] = p - w;
					}
					if (py < wy1 && st[p + w] == BG) {
						st[p + w] = DONE;
						q[n++] = p + w;
					}
				}
				final Cavity c = candidate(st, q, n, w, z, b);
				if (c != null) res.cavities.add(c);
			}
		return res;
	}

	private static void flood4(final byte[] st, final int[] q, int qn, final int w, final int wx0, final int wy0, final int wx1,
		final int wy1)
	{
		// depth-first with the queue array as a stack; every pixel enters once
		while (qn > 0) {
			final int p = q[--qn];
			final int px = p % w, py = p / w;
			if (px > wx0 && st[p - 1] == BG) {
				st[p - 1] = OUT;
				q[qn++] = p - 1;
			}
			if (px < wx1 && st[p + 1] == BG) {
				st[p + 1] = OUT;
				q[qn++] = p + 1;
			}
			if (py > wy0 && st[p - w] == BG) {
				st[p - w] = OUT;
				q[qn++] = p - w;
			}
			if (py < wy1 && st[p + w] == BG) {
				st[p + w] = OUT;
				q[qn++] = p + w;
			}
		}
	}

	/**
	 * A hole (pixels q[0..n-1], box coordinates) becomes a cavity when its area is at least
	 * minArea_mm2 and its compactness area / (4 pi sqrt(det C)) (C = covariance of its pixel
	 * positions in mm; 1 for a filled ellipse) is at least minCompactness.
	 */
	private Cavity candidate(final byte[] st, final int[] q, final int n, final int w, final int z, final Buffers b) {
		final double area = n * sx * sy;
		if (area < minArea_mm2) return null;
		double mx = 0, my = 0;
		int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
		for (int k = 0; k < n; k++) {
			final int px = q[k] % w, py = q[k] / w;
			mx += px;
			my += py;
			if (px < x0) x0 = px;
			if (px > x1) x1 = px;
			if (py < y0) y0 = py;
			if (py > y1) y1 = py;
		}
		mx /= n;
		my /= n;
		double cxx = 0, cyy = 0, cxy = 0;
		for (int k = 0; k < n; k++) {
			final double dx = (q[k] % w - mx) * sx, dy = (q[k] / w - my) * sy;
			cxx += dx * dx;
			cyy += dy * dy;
			cxy += dx * dy;
		}
		cxx = cxx / n + sx * sx / 12; // + pixel's own extent
		cyy = cyy / n + sy * sy / 12;
		cxy /= n;
		final double det = cxx * cyy - cxy * cxy;
		final double compactness = area / (4 * Math.PI * Math.sqrt(Math.max(det, 1e-12)));
		if (compactness < minCompactness) return null;
		// fill(H): within H's box + 1, what non-H pixels (8-connected) cannot reach the box border
		final int fx0 = x0 - 1, fy0 = y0 - 1, fw = x1 - x0 + 3, fh = y1 - y0 + 3;
		b.ensureFill(fw * fh);
		final byte[] f = b.fill;
		java.util.Arrays.fill(f, 0, fw * fh, (byte) 0);
		for (int k = 0; k < n; k++)
			f[(q[k] % w - fx0) + fw * (q[k] / w - fy0)] = 1; // H
		final int[] fq = b.fillQueue;
		int fn = 0;
		for (int y = 0; y < fh; y++)
			for (int x = 0; x < fw; x++)
				if ((x == 0 || y == 0 || x == fw - 1 || y == fh - 1) && f[x + fw * y] == 0) {
					f[x + fw * y] = 2;
					fq[fn++] = x + fw * y;
				}
		while (fn > 0) {
			final int p = fq[--fn];
			final int px = p % fw, py = p / fw;
			for (int dy = -1; dy <= 1; dy++) {
				final int yy = py + dy;
				if (yy < 0 || yy >= fh) continue;
				for (int dx = -1; dx <= 1; dx++) {
					final int xx = px + dx;
					if (xx < 0 || xx >= fw) continue;
					final int i = xx + fw * yy;
					if (f[i] == 0) {
						f[i] = 2;
						fq[fn++] = i;
					}
				}
			}
		}
		// cavity = fill(H) minus bone (and minus pixels outside the ROI)
		int count = 0;
		for (int y = 1; y < fh - 1; y++)
			for (int x = 1; x < fw - 1; x++) {
				final int i = x + fw * y;
				if (f[i] == 2) continue;
				final byte s = st[(x + fx0) + w * (y + fy0)];
				if (s == BONE || s == OUT) f[i] = 2;
				else count++;
			}
		final int[] pix = new int[count];
		double sumx = 0, sumy = 0;
		int k = 0;
		for (int y = 1; y < fh - 1; y++)
			for (int x = 1; x < fw - 1; x++)
				if (f[x + fw * y] != 2) {
					final int ix = x + fx0 + bx0, iy = y + fy0 + by0;
					pix[k++] = ix + nx * iy;
					sumx += ix;
					sumy += iy;
				}
		return new Cavity(z, pix, sumx / count, sumy / count, x0 + bx0, y0 + by0, x1 + bx0, y1 + by0, count * sx * sy);
	}
}
