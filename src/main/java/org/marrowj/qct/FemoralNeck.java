package org.marrowj.qct;

import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;
import org.marrowj.morph.Mask;
import org.marrowj.morph.Morph;
import org.marrowj.morph.Parallel;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Femoral-neck geometry and strength from a calibrated QCT (density in mg/cm^3 K2HPO4).
 * <ol>
 * <li>Femur mask: voxels &gt;= bone_mgcm3, largest 6-connected component, holes filled in 3D and
 * per axial slice; cortical voxels: in the mask and &gt;= cortical_mgcm3; the rest of the mask is
 * trabecular.</li>
 * <li>Head: sphere fitted (algebraic, then geometric least squares) to the mask's surface points
 * (centres of the faces between mask and background voxels; faces cut by the image's edge are not
 * surface) within 12 mm of the most superior one; then refitted to the surface points within 2 mm of that sphere that lie more than 65 degrees
 * from the neck axis. A fit whose rms residual exceeds max(1 mm, largest voxel spacing) is refused:
 * no head in view; so is a sphere with less than a quarter of the expected surface points within 30
 * degrees of its superior pole (the top of a femoral head is always bone surface; a shaft cut by the
 * field of view is not).</li>
 * <li>Neck axis: the line through the head centre fitted (principal direction about the head
 * centre) to the centroids of cross-sections at s = 1.05 R .. 1.6 R every 1.5 mm, each section the
 * 2D component of the mask around the axis; iterated from the direction to the centroid of the mask
 * between 1.1 R and 1.6 R from the head centre. Sections are planes perpendicular to the axis
 * sampled by trilinear interpolation of the mask and cortical indicators in world coordinates.</li>
 * <li>Narrowest section: the vertex of a least-squares parabola fitted to the section area profile
 * (s = R .. 2 R every 0.5 mm) within 8 mm of its smallest value; the neck region is the slab of
 * thickness region_mm centred there (mask voxels within the section's largest radius + 3 mm of the
 * axis).</li>
 * </ol>
 * Outputs and formulas: {@link NeckResult}.
 */
public final class FemoralNeck {

	private FemoralNeck() {}

	/** Analyses a CT in HU calibrated by {@code calibration} (density = slope x HU + intercept, viewed, not copied). */
	public static <T extends RealType<T> & NativeType<T>> NeckResult analyze(final Volume<T> ct, final Calibration calibration,
		final NeckSettings settings)
	{
		if (calibration == null) throw new BadInputException("calibration", "is needed to convert HU to mg/cm^3");
		if (ct == null) throw new BadInputException("image", "is missing");
		if (!Volume.HU.equals(ct.valueUnit()) && !Volume.UNKNOWN.equals(ct.valueUnit()))
			throw new BadInputException("image", "expected a CT in HU, got values in '" + ct.valueUnit() + "'");
		return analyze(calibration.bmdViewVolume(ct), settings);
	}

	/** Analyses a calibrated density volume (unit {@link Volume#MG_CM3}). */
	public static <T extends RealType<T> & NativeType<T>> NeckResult analyze(final Volume<T> bmd, final NeckSettings settings) {
		if (bmd == null) throw new BadInputException("image", "is missing");
		final NeckSettings s = settings == null ? new NeckSettings() : settings;
		s.validate();
		if (!Volume.MG_CM3.equals(bmd.valueUnit()))
			throw new BadInputException("image", "must hold calibrated density in mg/cm^3, got values in '" + bmd.valueUnit() +
				"' (apply a Calibration first)");
		if (bmd.image().numDimensions() != 3) throw new BadInputException("image", "must be 3D");
		final long n = bmd.voxelCount();
		if (n > Integer.MAX_VALUE) throw new BadInputException("image", "too many voxels (" + n + ")");
		return new Analysis(s).run(bmd);
	}

	/** The cropped femur: indicator codes (bit 0 mask, bit 1 cortical) and densities over the femur's bounding box. */
	static final class Box {

		final int nx, ny, nz;
		final byte[] code;
		final float[] density;
		/** world = t + a . (local index) */
		final double[] a, t, inv;
		final double[] spacing;

		Box(final Geometry g, final int[] box, final byte[] code, final float[] density) {
			nx = box[3] - box[0];
			ny = box[4] - box[1];
			nz = box[5] - box[2];
			this.code = code;
			this.density = density;
			final double[] aff = g.indexToWorldAffine();
			a = new double[] { aff[0], aff[1], aff[2], aff[4], aff[5], aff[6], aff[8], aff[9], aff[10] };
			t = g.indexToWorld(box[0], box[1], box[2]);
			inv = invert(a);
			spacing = g.spacing();
		}

		void world(final double x, final double y, final double z, final double[] w) {
			w[0] = t[0] + a[0] * x + a[1] * y + a[2] * z;
			w[1] = t[1] + a[3] * x + a[4] * y + a[5] * z;
			w[2] = t[2] + a[6] * x + a[7] * y + a[8] * z;
		}

		/** Trilinear interpolation of the mask (out[0]) and cortical (out[1]) indicators at a world point; 0 outside the box. */
		void sample(final double wx, final double wy, final double wz, final double[] out) {
			final double dx = wx - t[0], dy = wy - t[1], dz = wz - t[2];
			final double ix = inv[0] * dx + inv[1] * dy + inv[2] * dz;
			final double iy = inv[3] * dx + inv[4] * dy + inv[5] * dz;
			final double iz = inv[6] * dx + inv[7] * dy + inv[8] * dz;
			out[0] = 0;
			out[1] = 0;
			out[2] = ix < 0 || iy < 0 || iz < 0 || ix > nx - 1 || iy > ny - 1 || iz > nz - 1 ? 1 : 0;
			if (ix < -1 || iy < -1 || iz < -1 || ix > nx || iy > ny || iz > nz) return;
			final int x0 = (int) Math.floor(ix), y0 = (int) Math.floor(iy), z0 = (int) Math.floor(iz);
			final double fx = ix - x0, fy = iy - y0, fz = iz - z0;
			for (int k = 0; k < 2; k++) {
				final int z = z0 + k;
				if (z < 0 || z >= nz) continue;
				final double wzk = k == 0 ? 1 - fz : fz;
				for (int j = 0; j < 2; j++) {
					final int y = y0 + j;
					if (y < 0 || y >= ny) continue;
					final double wyj = wzk * (j == 0 ? 1 - fy : fy);
					for (int i = 0; i < 2; i++) {
						final int x = x0 + i;
						if (x < 0 || x >= nx) continue;
						final double w = wyj * (i == 0 ? 1 - fx : fx);
						final int c = code[x + nx * (y + ny * z)];
						if ((c & 1) != 0) out[0] += w;
						if ((c & 2) != 0) out[1] += w;
					}
				}
			}
		}
	}

	/** One reformatted section: n x n pixels of size p, q1 = (i - h) p along e1 (rows), q2 = (j - h) p along e2. */
	static final class Section {

		final int n;
		final double p, s;
		final double[] total, cortical;
		final boolean[] outside;
		boolean[] comp, support;
		/** The component touches samples outside the image (the section is cut by the field of view). */
		boolean clipped;
		double area, csa, q1c, q2c, cq1, cq2, ixx, iyy, top = Double.NaN, bottom = Double.NaN, maxRadius;
		boolean touchesEdge;

		Section(final int n, final double p, final double s) {
			this.n = n;
			this.p = p;
			this.s = s;
			total = new double[n * n];
			cortical = new double[n * n];
			outside = new boolean[n * n];
		}

		double q(final int i) {
			return (i - (n - 1) / 2.0) * p;
		}
	}

	static final class Analysis {

		final NeckSettings s;
		final NeckResult r = new NeckResult();
		Box box;
		double[] c;
		double R;
		double[] d, e1, e2;

		Analysis(final NeckSettings s) {
			this.s = s;
		}

		<T extends RealType<T> & NativeType<T>> NeckResult run(final Volume<T> bmd) {
			box = femur(bmd, s);
			r.region_mm = s.region_mm;
			// head and axis
			if (s.headCentre_mm != null) {
				c = s.headCentre_mm.clone();
				R = s.headRadius_mm;
				r.headFitRms_mm = Double.NaN;
				r.missing.put("head_fit_rms_mm", "the head centre was given");
			}
			else fitHead(null);
			if (s.axis != null) {
				d = unit(s.axis.clone());
				frame();
			}
			else {
				d = initialAxis();
				refineAxis();
				if (s.headCentre_mm == null) {
					fitHead(d);
					refineAxis();
				}
			}
			r.headCentre_mm = c.clone();
			r.headRadius_mm = R;
			r.axis = d.clone();
			r.sectionSi = e1.clone();
			r.sectionAp = e2.clone();
			r.side = d[0] > 0 ? "left" : "right";
			narrowest();
			region();
			indices();
			shaft();
			r.missing.put("hip_axis_length_mm", "needs the pelvis (inner acetabular rim), which is not segmented");
			return r;
		}

		// ------------------------------------------------------------------ femur mask

		static <T extends RealType<T> & NativeType<T>> Box femur(final Volume<T> v, final NeckSettings s) {
			final RandomAccessibleInterval<T> img = v.image();
			final int nx = (int) img.dimension(0), ny = (int) img.dimension(1), nz = (int) img.dimension(2);
			final Mask m = new Mask(nx, ny, nz);
			final byte[] md = m.data();
			final double bone = s.bone_mgcm3;
			final int plane = nx * ny;
			Parallel.forEach(nz, z -> {
				final Cursor<T> cur = Views.flatIterable(Views.hyperSlice(img, 2, img.min(2) + z)).cursor();
				int i = z * plane;
				while (cur.hasNext())
					md[i++] = cur.next().getRealDouble() >= bone ? (byte) 1 : 0;
			});
			final Mask f = Morph.largestComponent(m, 6);
			final int[] bb = Morph.boundingBox(f);
			if (bb == null) throw new BadInputException("image", "no voxel reaches bone_mgcm3 = " + bone + " mg/cm^3");
			final int margin = 2;
			final int[] box = { Math.max(0, bb[0] - margin), Math.max(0, bb[1] - margin), Math.max(0, bb[2] - margin),
				Math.min(nx, bb[3] + margin), Math.min(ny, bb[4] + margin), Math.min(nz, bb[5] + margin) };
			final Mask filled = Morph.fillHoles2D(Morph.fillHoles3D(Morph.crop(f, box)));
			final int bx = box[3] - box[0], by = box[4] - box[1], bz = box[5] - box[2];
			final byte[] code = filled.data();
			final float[] dens = new float[bx * by * bz];
			final double cort = s.cortical_mgcm3;
			Parallel.forEach(bz, z -> {
				final RandomAccessibleInterval<T> sl = Views.interval(Views.hyperSlice(img, 2, img.min(2) + box[2] + z),
					new long[] { img.min(0) + box[0], img.min(1) + box[1] }, new long[] { img.min(0) + box[3] - 1, img.min(1) + box[4] - 1 });
				final Cursor<T> cur = Views.flatIterable(sl).cursor();
				int i = z * bx * by;
				while (cur.hasNext()) {
					final float val = cur.next().getRealFloat();
					dens[i] = val;
					if (code[i] != 0 && val >= cort) code[i] = 3;
					i++;
				}
			});
			return new Box(v.geometry(), box, code, dens);
		}

		// ------------------------------------------------------------------ head

		/** Surface points: centres of faces between mask voxels and background voxels (x, y, z triples). */
		double[] faces(final int[] count) {
			final Box b = box;
			double[] pts = new double[3 * 4096];
			int k = 0;
			final double[] w = new double[3];
			for (int z = 0; z < b.nz; z++)
				for (int y = 0; y < b.ny; y++)
					for (int x = 0; x < b.nx; x++) {
						if ((b.code[x + b.nx * (y + b.ny * z)] & 1) == 0) continue;
						for (int f = 0; f < 6; f++) {
							final int ax = f >> 1, sg = (f & 1) == 0 ? -1 : 1;
							final int xx = x + (ax == 0 ? sg : 0), yy = y + (ax == 1 ? sg : 0), zz = z + (ax == 2 ? sg : 0);
							// a neighbour outside the box is beyond the image: a cut by the field of view, not a bone surface
							if (xx < 0 || yy < 0 || zz < 0 || xx >= b.nx || yy >= b.ny || zz >= b.nz) continue;
							if ((b.code[xx + b.nx * (yy + b.ny * zz)] & 1) != 0) continue;
							b.world(x + 0.5 * (xx - x), y + 0.5 * (yy - y), z + 0.5 * (zz - z), w);
							if (k + 3 > pts.length) pts = java.util.Arrays.copyOf(pts, pts.length * 2);
							pts[k++] = w[0];
							pts[k++] = w[1];
							pts[k++] = w[2];
						}
					}
			count[0] = k / 3;
			return pts;
		}

		double[] surface;
		int surfaceCount;

		void fitHead(final double[] axis) {
			if (surface == null) {
				final int[] cnt = new int[1];
				surface = faces(cnt);
				surfaceCount = cnt[0];
			}
			final double[] p = surface;
			final int n = surfaceCount;
			final double[] sel = new double[3 * n];
			int m = 0;
			if (axis == null) {
				int top = 0;
				for (int i = 1; i < n; i++)
					if (p[3 * i + 2] > p[3 * top + 2]) top = i;
				final double tx = p[3 * top], ty = p[3 * top + 1], tz = p[3 * top + 2];
				for (int i = 0; i < n; i++) {
					final double hx = p[3 * i] - tx, hy = p[3 * i + 1] - ty;
					if (p[3 * i + 2] >= tz - 12 && hx * hx + hy * hy <= 30 * 30) {
						System.arraycopy(p, 3 * i, sel, 3 * m, 3);
						m++;
					}
				}
			}
			else {
				final double cosMax = Math.cos(Math.toRadians(65));
				for (int i = 0; i < n; i++) {
					final double dx = p[3 * i] - c[0], dy = p[3 * i + 1] - c[1], dz = p[3 * i + 2] - c[2];
					final double dist = Math.sqrt(dx * dx + dy * dy + dz * dz);
					if (Math.abs(dist - R) > 2 || dist == 0) continue;
					if ((dx * axis[0] + dy * axis[1] + dz * axis[2]) / dist > cosMax) continue;
					System.arraycopy(p, 3 * i, sel, 3 * m, 3);
					m++;
				}
			}
			final double[] fit = SphereFit.fit(sel, m);
			if (fit == null || !(fit[3] > 5 && fit[3] < 60))
				throw new BadInputException("image", "no femoral head found: the most superior bone is not a sphere of radius 5-60 mm" +
					" (give head_centre_mm and head_radius_mm)");
			final double rmsMax = Math.max(1.0, max(box.spacing));
			if (fit[4] > rmsMax)
				throw new BadInputException("image", String.format(java.util.Locale.ROOT,
					"no femoral head found: the most superior bone surface is not a sphere (fit rms %.2f mm > %.2f mm)" +
						" (give head_centre_mm and head_radius_mm)", fit[4], rmsMax));
			c = new double[] { fit[0], fit[1], fit[2] };
			R = fit[3];
			r.headFitRms_mm = fit[4];
			// the head's superior pole is bone surface: surface points within 30 degrees of +z from the centre, within 2 mm of the sphere
			final double cos30 = Math.cos(Math.toRadians(30));
			long pole = 0;
			for (int i = 0; i < n; i++) {
				final double dx = p[3 * i] - c[0], dy = p[3 * i + 1] - c[1], dz = p[3 * i + 2] - c[2];
				final double dist = Math.sqrt(dx * dx + dy * dy + dz * dz);
				if (dist > 0 && Math.abs(dist - R) <= 2 && dz / dist >= cos30) pole++;
			}
			final double expected = 2 * Math.PI * R * R * (1 - cos30) / (axisSpacing(0) * axisSpacing(1));
			if (pole < 0.25 * expected)
				throw new BadInputException("image", String.format(java.util.Locale.ROOT,
					"no femoral head found: the fitted sphere (radius %.1f mm) has no bone surface at its superior pole (%d of about %.0f" +
						" surface points); is the head in view? (else give head_centre_mm and head_radius_mm)", R, pole, expected));
		}

		// ------------------------------------------------------------------ axis

		double[] initialAxis() {
			final Box b = box;
			final double[] w = new double[3];
			double sx = 0, sy = 0, sz = 0;
			long cnt = 0;
			final double lo = 1.1 * R, hi = 1.6 * R;
			for (int z = 0; z < b.nz; z++)
				for (int y = 0; y < b.ny; y++)
					for (int x = 0; x < b.nx; x++) {
						if ((b.code[x + b.nx * (y + b.ny * z)] & 1) == 0) continue;
						b.world(x, y, z, w);
						final double dx = w[0] - c[0], dy = w[1] - c[1], dz = w[2] - c[2];
						final double dd = Math.sqrt(dx * dx + dy * dy + dz * dz);
						if (dd >= lo && dd <= hi) {
							sx += dx;
							sy += dy;
							sz += dz;
							cnt++;
						}
					}
			if (cnt == 0) throw new BadInputException("image", "no bone beyond the femoral head: the neck is not in view");
			final double[] a = unit(new double[] { sx, sy, sz });
			d = a;
			frame();
			return a;
		}

		void frame() {
			final double zu = d[2];
			e1 = unit(new double[] { -zu * d[0], -zu * d[1], 1 - zu * d[2] });
			e2 = cross(d, e1);
		}

		void refineAxis() {
			final double step = 1.5;
			for (int it = 0; it < 8; it++) {
				final double[][] m = new double[3][3];
				int used = 0;
				for (double sPos = 1.05 * R; sPos <= 1.6 * R + 1e-9; sPos += step) {
					final Section sec = section(sPos, coarsePixel(), 1.3 * R);
					if (sec.area <= 0 || sec.clipped) continue;
					final double[] q = point(sPos, sec.cq1, sec.cq2);
					final double[] v = { q[0] - c[0], q[1] - c[1], q[2] - c[2] };
					for (int i = 0; i < 3; i++)
						for (int j = 0; j < 3; j++)
							m[i][j] += v[i] * v[j];
					used++;
				}
				if (used < 3) throw new BadInputException("image", "the femoral neck could not be followed from the head");
				double[] v = d.clone();
				for (int k = 0; k < 100; k++)
					v = unit(new double[] { m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2], m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
						m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2] });
				if (dot(v, d) < 0) v = new double[] { -v[0], -v[1], -v[2] };
				final double change = Math.acos(Math.min(1, dot(v, d)));
				d = v;
				frame();
				if (change < 1e-5) break;
			}
		}

		double coarsePixel() {
			return Math.max(0.3, min(box.spacing));
		}

		double finePixel() {
			return s.pixel_mm > 0 ? s.pixel_mm : min(box.spacing) / 2;
		}

		double[] point(final double sPos, final double q1, final double q2) {
			return new double[] { c[0] + sPos * d[0] + q1 * e1[0] + q2 * e2[0], c[1] + sPos * d[1] + q1 * e1[1] + q2 * e2[1],
				c[2] + sPos * d[2] + q1 * e1[2] + q2 * e2[2] };
		}

		// ------------------------------------------------------------------ sections

		Section section(final double sPos, final double p, final double half) {
			final int n = 2 * (int) Math.ceil(half / p) + 1;
			final Section sec = new Section(n, p, sPos);
			final double[] o = point(sPos, sec.q(0), sec.q(0));
			final int rows = n;
			Parallel.forBlocks(rows, 16, (from, to) -> {
				final double[] v = new double[3];
				for (int i = from; i < to; i++)
					for (int j = 0; j < n; j++) {
						final double a = i * p, b = j * p;
						box.sample(o[0] + a * e1[0] + b * e2[0], o[1] + a * e1[1] + b * e2[1], o[2] + a * e1[2] + b * e2[2], v);
						sec.total[i * n + j] = v[0];
						sec.cortical[i * n + j] = v[1];
						sec.outside[i * n + j] = v[2] != 0;
					}
			});
			measure(sec);
			return sec;
		}

		/** Component around the centre (4-connected, mask fraction &gt;= 0.5), its 2-pixel dilation as support, and moments. */
		static void measure(final Section sec) {
			final int n = sec.n;
			final double[] t = sec.total;
			final int ctr = (n - 1) / 2;
			int seed = -1;
			double best = Double.MAX_VALUE;
			for (int i = 0; i < n; i++)
				for (int j = 0; j < n; j++)
					if (t[i * n + j] >= 0.5) {
						final double dd = (i - ctr) * (i - ctr) + (j - ctr) * (j - ctr);
						if (dd < best) {
							best = dd;
							seed = i * n + j;
						}
					}
			sec.comp = new boolean[n * n];
			sec.support = new boolean[n * n];
			if (seed < 0) return;
			final int[] stack = new int[n * n];
			int sp = 0;
			stack[sp++] = seed;
			sec.comp[seed] = true;
			while (sp > 0) {
				final int k = stack[--sp];
				final int i = k / n, j = k % n;
				if (i == 0 || j == 0 || i == n - 1 || j == n - 1) sec.touchesEdge = true;
				final int[] nb = { i > 0 ? k - n : -1, i < n - 1 ? k + n : -1, j > 0 ? k - 1 : -1, j < n - 1 ? k + 1 : -1 };
				for (final int q : nb) {
					if (q >= 0 && sec.outside[q]) sec.clipped = true;
					if (q >= 0 && !sec.comp[q] && t[q] >= 0.5) {
						sec.comp[q] = true;
						stack[sp++] = q;
					}
				}
			}
			for (int i = 0; i < n; i++)
				for (int j = 0; j < n; j++)
					if (sec.comp[i * n + j]) for (int a = Math.max(0, i - 2); a <= Math.min(n - 1, i + 2); a++)
						for (int b = Math.max(0, j - 2); b <= Math.min(n - 1, j + 2); b++)
							sec.support[a * n + b] = true;
			final double pa = sec.p * sec.p;
			double at = 0, tq1 = 0, tq2 = 0, ac = 0, c1 = 0, c2 = 0, rmax = 0;
			for (int i = 0; i < n; i++)
				for (int j = 0; j < n; j++) {
					final int k = i * n + j;
					if (!sec.support[k]) continue;
					final double q1 = sec.q(i), q2 = sec.q(j);
					at += t[k];
					tq1 += t[k] * q1;
					tq2 += t[k] * q2;
					ac += sec.cortical[k];
					c1 += sec.cortical[k] * q1;
					c2 += sec.cortical[k] * q2;
					if (sec.comp[k]) rmax = Math.max(rmax, Math.hypot(q1, q2));
				}
			sec.area = at * pa;
			sec.csa = ac * pa;
			sec.cq1 = at > 0 ? tq1 / at : 0;
			sec.cq2 = at > 0 ? tq2 / at : 0;
			sec.q1c = ac > 0 ? c1 / ac : sec.cq1;
			sec.q2c = ac > 0 ? c2 / ac : sec.cq2;
			sec.maxRadius = rmax;
			double ixx = 0, iyy = 0;
			for (int i = 0; i < n; i++)
				for (int j = 0; j < n; j++) {
					final int k = i * n + j;
					if (!sec.support[k]) continue;
					final double a = sec.q(i) - sec.q1c, b = sec.q(j) - sec.q2c;
					ixx += sec.cortical[k] * a * a;
					iyy += sec.cortical[k] * b * b;
				}
			sec.ixx = ixx * pa;
			sec.iyy = iyy * pa;
		}

		/**
		 * Outer edges along q1: per column, the outermost 0.5 crossing of the mask fraction (linear
		 * interpolation between pixels); the extreme is the vertex of a least-squares parabola through
		 * the column edges within 3 mm of the extreme column (the extreme column itself if the fit fails).
		 */
		static void edges(final Section sec) {
			final int n = sec.n;
			final double[] tops = new double[n], bots = new double[n];
			java.util.Arrays.fill(tops, Double.NaN);
			java.util.Arrays.fill(bots, Double.NaN);
			final double[] t = sec.total;
			for (int j = 0; j < n; j++) {
				int hi = -1, lo = -1;
				for (int i = 0; i < n; i++)
					if (sec.comp[i * n + j]) {
						if (lo < 0) lo = i;
						hi = i;
					}
				if (hi < 0) continue;
				final double th = t[hi * n + j], tn = hi + 1 < n ? t[(hi + 1) * n + j] : 0;
				tops[j] = sec.q(hi) + sec.p * clamp((th - 0.5) / (th - tn));
				final double tl = t[lo * n + j], tb = lo > 0 ? t[(lo - 1) * n + j] : 0;
				bots[j] = sec.q(lo) - sec.p * clamp((tl - 0.5) / (tl - tb));
			}
			sec.top = extreme(sec, tops);
			sec.bottom = -extreme(sec, negate(bots));
		}

		static double[] negate(final double[] v) {
			final double[] o = new double[v.length];
			for (int i = 0; i < v.length; i++)
				o[i] = -v[i];
			return o;
		}

		static double clamp(final double f) {
			return Double.isFinite(f) ? Math.max(0, Math.min(1, f)) : 0.5;
		}

		static double extreme(final Section sec, final double[] v) {
			int jm = -1;
			for (int j = 0; j < v.length; j++)
				if (!Double.isNaN(v[j]) && (jm < 0 || v[j] > v[jm])) jm = j;
			if (jm < 0) return Double.NaN;
			final double w = 3.0;
			final double[][] a = new double[3][4];
			int used = 0;
			for (int j = 0; j < v.length; j++) {
				if (Double.isNaN(v[j])) continue;
				final double x = sec.q(j) - sec.q(jm);
				if (Math.abs(x) > w) continue;
				final double[] row = { 1, x, x * x, v[j] };
				for (int r = 0; r < 3; r++)
					for (int k = 0; k < 4; k++)
						a[r][k] += row[r] * row[k];
				used++;
			}
			if (used < 5) return v[jm];
			final double[] sol = SphereFit.solve(a);
			if (sol == null || !(sol[2] < 0)) return v[jm];
			final double xv = -sol[1] / (2 * sol[2]);
			if (Math.abs(xv) > w) return v[jm];
			return sol[0] - sol[1] * sol[1] / (4 * sol[2]);
		}

		// ------------------------------------------------------------------ narrowest section and region

		Section narrow;

		void narrowest() {
			final double step = 0.5, lo = R, hi = 2 * R;
			final int m = (int) Math.floor((hi - lo) / step) + 1;
			final double[] area = new double[m];
			for (int k = 0; k < m; k++) {
				final Section sec = section(lo + k * step, coarsePixel(), 1.3 * R);
				area[k] = sec.clipped ? Double.NaN : sec.area;
			}
			int km = -1;
			for (int k = 0; k < m; k++)
				if (area[k] > 0 && (km < 0 || area[k] < area[km])) km = k;
			if (km < 0) throw new BadInputException("image", "no neck section found along the neck axis");
			if (km == 0 || km == m - 1) r.warnings.add("the smallest neck section lies at the end of the searched range (s = " + (lo + km * step) + " mm)");
			final double[][] a = new double[3][4];
			int used = 0;
			for (int k = Math.max(0, km - 16); k <= Math.min(m - 1, km + 16); k++) {
				if (!(area[k] > 0)) continue;
				final double x = (k - km) * step;
				final double[] row = { 1, x, x * x, area[k] };
				for (int i = 0; i < 3; i++)
					for (int j = 0; j < 4; j++)
						a[i][j] += row[i] * row[j];
				used++;
			}
			double sBest = lo + km * step;
			final double[] sol = used >= 5 ? SphereFit.solve(a) : null;
			if (sol != null && sol[2] > 0) {
				final double xv = -sol[1] / (2 * sol[2]);
				if (Math.abs(xv) <= 8) sBest += xv;
			}
			final Section sec = section(sBest, finePixel(), 1.3 * R);
			if (sec.clipped) r.warnings.add("the narrowest section is cut by the image's field of view");
			if (sec.touchesEdge) r.warnings.add("the narrowest section reaches the edge of its sampling window");
			edges(sec);
			narrow = sec;
			r.narrowest_s_mm = sBest;
			r.narrowestCentre_mm = point(sBest, sec.cq1, sec.cq2);
			r.sectionTotalArea_mm2 = sec.area;
			r.csa_mm2 = sec.csa;
			r.csmi_mm4 = sec.ixx;
			r.csmiAp_mm4 = sec.iyy;
			r.fnw_mm = sec.top - sec.bottom;
			r.outerDistance_mm = Math.max(sec.top - sec.q1c, sec.q1c - sec.bottom);
			r.sectionModulus_mm3 = r.csmi_mm4 / r.outerDistance_mm;
			final double dd = r.fnw_mm, inner2 = dd * dd - 4 * r.csa_mm2 / Math.PI;
			if (inner2 >= 0) {
				r.hsaCorticalThickness_mm = (dd - Math.sqrt(inner2)) / 2;
				r.hsaBucklingRatio = (dd / 2) / r.hsaCorticalThickness_mm;
			}
			else {
				r.hsaCorticalThickness_mm = r.hsaBucklingRatio = Double.NaN;
				r.missing.put("hsa_buckling_ratio", "CSA exceeds the area of a disc of diameter FNW");
				r.missing.put("hsa_cortical_thickness_mm", "CSA exceeds the area of a disc of diameter FNW");
			}
		}

		void region() {
			final Box b = box;
			final double half = s.region_mm / 2, s0 = r.narrowest_s_mm, rlim = narrow.maxRadius + 3;
			final double rl2 = rlim * rlim;
			// coronal projection grid: pixel sizes = spacings of the index axes closest to world x and z
			final double px = axisSpacing(0), pz = axisSpacing(2);
			final double[] w = new double[3];
			double xmin = Double.MAX_VALUE, xmax = -Double.MAX_VALUE, zmin = Double.MAX_VALUE, zmax = -Double.MAX_VALUE;
			for (int k = 0; k < 8; k++) {
				b.world((k & 1) * (b.nx - 1), ((k >> 1) & 1) * (b.ny - 1), ((k >> 2) & 1) * (b.nz - 1), w);
				xmin = Math.min(xmin, w[0]);
				xmax = Math.max(xmax, w[0]);
				zmin = Math.min(zmin, w[2]);
				zmax = Math.max(zmax, w[2]);
			}
			final double gx0 = b.t[0] - Math.ceil((b.t[0] - xmin) / px + 1) * px, gz0 = b.t[2] - Math.ceil((b.t[2] - zmin) / pz + 1) * pz;
			final int gnx = (int) Math.ceil((xmax - gx0) / px) + 2, gnz = (int) Math.ceil((zmax - gz0) / pz) + 2;
			final boolean[] proj = new boolean[gnx * gnz];
			long nt = 0, nc = 0;
			double st = 0, sc = 0;
			double lowestZ = Double.MAX_VALUE;
			for (int z = 0; z < b.nz; z++)
				for (int y = 0; y < b.ny; y++)
					for (int x = 0; x < b.nx; x++) {
						final int i = x + b.nx * (y + b.ny * z);
						final int code = b.code[i];
						if ((code & 1) == 0) continue;
						b.world(x, y, z, w);
						final double dx = w[0] - c[0], dy = w[1] - c[1], dz = w[2] - c[2];
						final double sp = dx * d[0] + dy * d[1] + dz * d[2];
						if (Math.abs(sp - s0) > half) continue;
						final double rx = dx - sp * d[0], ry = dy - sp * d[1], rz = dz - sp * d[2];
						if (rx * rx + ry * ry + rz * rz > rl2) continue;
						nt++;
						st += b.density[i];
						if ((code & 2) != 0) {
							nc++;
							sc += b.density[i];
						}
						lowestZ = Math.min(lowestZ, w[2]);
						final int gx = (int) Math.round((w[0] - gx0) / px), gz = (int) Math.round((w[2] - gz0) / pz);
						proj[gx + gnx * gz] = true;
					}
			regionLowestZ = lowestZ;
			long np = 0;
			for (final boolean v : proj)
				if (v) np++;
			final double vv = voxelVolume();
			r.totalVolume_cm3 = nt * vv / 1000;
			r.corticalVolume_cm3 = nc * vv / 1000;
			r.trabecularVolume_cm3 = (nt - nc) * vv / 1000;
			r.totalVbmd_mgcm3 = nt > 0 ? st / nt : Double.NaN;
			r.corticalVbmd_mgcm3 = nc > 0 ? sc / nc : Double.NaN;
			r.trabecularVbmd_mgcm3 = nt > nc ? (st - sc) / (nt - nc) : Double.NaN;
			if (nc == 0) r.missing.put("cortical_vbmd_mgcm3", "no voxel of the neck region reaches cortical_mgcm3");
			if (nt == nc) r.missing.put("trabecular_vbmd_mgcm3", "the neck region has no trabecular voxel");
			r.projectedArea_cm2 = np * px * pz / 100;
			// mineral mass g = sum(density mg/cm^3 x voxel mm^3 / 1000) / 1000
			r.abmd_gcm2 = np > 0 ? st * vv / 1e6 / r.projectedArea_cm2 : Double.NaN;
		}

		double regionLowestZ;

		double axisSpacing(final int worldAxis) {
			int best = 0;
			double bv = -1;
			for (int k = 0; k < 3; k++) {
				final double v = Math.abs(box.a[3 * worldAxis + k]) / box.spacing[k];
				if (v > bv) {
					bv = v;
					best = k;
				}
			}
			return box.spacing[best];
		}

		double voxelVolume() {
			return box.spacing[0] * box.spacing[1] * box.spacing[2];
		}

		void indices() {
			final double fnwCm = r.fnw_mm / 10, cortG = r.corticalVbmd_mgcm3 / 1000;
			final double ratio = r.abmd_gcm2 / cortG;
			r.seedA_mm2 = 100 * ratio * fnwCm;
			r.seedZ_cm3 = ratio * fnwCm * fnwCm;
			r.bucklingRatioVolume = r.totalVolume_cm3 / r.corticalVolume_cm3;
			final double len = s.region_mm / 10;
			final double at = r.totalVolume_cm3 / len, ac = r.corticalVolume_cm3 / len;
			r.corticalDepth_mm = 10 * (Math.sqrt(at / Math.PI) - Math.sqrt(Math.max(0, at - ac) / Math.PI));
			if (Double.isNaN(s.weight_kg)) {
				r.missing.put("csi_mm2_per_n", "weight_kg not given");
				r.missing.put("karlamangla_csi_g_per_kg_m", "weight_kg not given");
			}
			else {
				r.csi_mm2_per_n = r.seedA_mm2 / (s.weight_kg * 9.8);
				r.karlamanglaCsi_g_per_kg_m = 100 * r.abmd_gcm2 * fnwCm / s.weight_kg;
			}
		}

		void shaft() {
			final Box b = box;
			final double[] w = new double[3];
			double zlow = Double.MAX_VALUE;
			for (int k = 0; k < 8; k++) {
				b.world((k & 1) * (b.nx - 1), ((k >> 1) & 1) * (b.ny - 1), ((k >> 2) & 1) * (b.nz - 1), w);
				zlow = Math.min(zlow, w[2]);
			}
			// lowest mask point
			double zmin = Double.MAX_VALUE;
			for (int z = 0; z < b.nz; z++)
				for (int y = 0; y < b.ny; y++)
					for (int x = 0; x < b.nx; x++)
						if ((b.code[x + b.nx * (y + b.ny * z)] & 1) != 0) {
							b.world(x, y, z, w);
							zmin = Math.min(zmin, w[2]);
						}
			final double window = 30, bin = 3;
			if (zmin + window > regionLowestZ - 5) {
				r.missing.put("neck_shaft_angle_deg", "less than 30 mm of femoral shaft in view below the neck region");
				return;
			}
			final int nb = (int) (window / bin);
			final double[][] sum = new double[nb][4];
			for (int z = 0; z < b.nz; z++)
				for (int y = 0; y < b.ny; y++)
					for (int x = 0; x < b.nx; x++)
						if ((b.code[x + b.nx * (y + b.ny * z)] & 1) != 0) {
							b.world(x, y, z, w);
							final int k = (int) ((w[2] - zmin) / bin);
							if (k < 0 || k >= nb) continue;
							sum[k][0] += w[0];
							sum[k][1] += w[1];
							sum[k][2] += w[2];
							sum[k][3]++;
						}
			final double[] mean = new double[3];
			int used = 0;
			for (int k = 0; k < nb; k++)
				if (sum[k][3] > 0) {
					for (int a = 0; a < 3; a++)
						mean[a] += sum[k][a] / sum[k][3];
					used++;
				}
			if (used < 5) {
				r.missing.put("neck_shaft_angle_deg", "too few shaft slices");
				return;
			}
			for (int a = 0; a < 3; a++)
				mean[a] /= used;
			final double[][] m = new double[3][3];
			for (int k = 0; k < nb; k++)
				if (sum[k][3] > 0) {
					final double[] v = { sum[k][0] / sum[k][3] - mean[0], sum[k][1] / sum[k][3] - mean[1], sum[k][2] / sum[k][3] - mean[2] };
					for (int i = 0; i < 3; i++)
						for (int j = 0; j < 3; j++)
							m[i][j] += v[i] * v[j];
				}
			double[] v = { 0, 0, -1 };
			for (int k = 0; k < 200; k++)
				v = unit(new double[] { m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2], m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
					m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2] });
			if (v[2] > 0) v = new double[] { -v[0], -v[1], -v[2] };
			final double cosA = -dot(d, v);
			r.neckShaftAngle_deg = Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cosA))));
		}
	}

	// ------------------------------------------------------------------ small linear algebra



	static double[] invert(final double[] m) {
		final double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
		if (det == 0) throw new BadInputException("image", "singular voxel-to-world matrix");
		return new double[] { (m[4] * m[8] - m[5] * m[7]) / det, (m[2] * m[7] - m[1] * m[8]) / det, (m[1] * m[5] - m[2] * m[4]) / det,
			(m[5] * m[6] - m[3] * m[8]) / det, (m[0] * m[8] - m[2] * m[6]) / det, (m[2] * m[3] - m[0] * m[5]) / det,
			(m[3] * m[7] - m[4] * m[6]) / det, (m[1] * m[6] - m[0] * m[7]) / det, (m[0] * m[4] - m[1] * m[3]) / det };
	}

	static double[] unit(final double[] v) {
		final double n = Math.sqrt(dot(v, v));
		return new double[] { v[0] / n, v[1] / n, v[2] / n };
	}

	static double dot(final double[] a, final double[] b) {
		return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
	}

	static double[] cross(final double[] a, final double[] b) {
		return new double[] { a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0] };
	}

	static double max(final double[] v) {
		double m = v[0];
		for (final double x : v)
			m = Math.max(m, x);
		return m;
	}

	static double min(final double[] v) {
		double m = v[0];
		for (final double x : v)
			m = Math.min(m, x);
		return m;
	}
}
