package org.marrowj.qct;

import java.util.Map;

import org.marrowj.phantom.HipOptions;
import org.marrowj.phantom.Phantom;
import org.marrowj.phantom.Phantoms;

/**
 * Hip phantoms with a waisted neck (outer semi-axes 16 and 12 mm at the waist, wall 2 mm, cortical
 * 800 and trabecular 170 mg/cm^3) and the neck's analytic properties.
 */
final class NeckPhantoms {

	static final double A = 16, B = 12, WALL = 2, LENGTH = 70, WAIST = 35, FLARE = 1, CORT = 800, TRAB = 170;

	private NeckPhantoms() {}

	static HipOptions options(final double voxel_mm) {
		final HipOptions o = new HipOptions();
		o.noiseSd_hu = 0;
		o.neckSemiAxis1_mm = A;
		o.neckSemiAxis2_mm = B;
		o.neckWall_mm = WALL;
		o.neckLength_mm = LENGTH;
		o.neckWaist_mm = WAIST;
		o.neckFlare = FLARE;
		o.cortical_mg_cm3 = CORT;
		o.neckTrabecular_mg_cm3 = TRAB;
		o.fieldCentre_mm = new double[] { 24, 1, -27 };
		o.spacing(voxel_mm, voxel_mm, voxel_mm);
		o.size((int) Math.round(102 / voxel_mm), (int) Math.round(58 / voxel_mm), (int) Math.round(108 / voxel_mm));
		return o;
	}

	static Phantom hip(final HipOptions o) {
		return Phantoms.hip(o);
	}

	static double[] axis(final Phantom p) {
		@SuppressWarnings("unchecked")
		final Map<String, Object> neck = (Map<String, Object>) p.truth().get("neck");
		return (double[]) neck.get("axis_direction");
	}

	static double[][] semiAxisDirections(final Phantom p) {
		@SuppressWarnings("unchecked")
		final Map<String, Object> neck = (Map<String, Object>) p.truth().get("neck");
		return (double[][]) neck.get("semi_axis_directions");
	}

	/** Waist scale f(s) = 1 + flare ((s - s_w) / L)^2. */
	static double f(final double s) {
		final double x = (s - WAIST) / LENGTH;
		return 1 + FLARE * x * x;
	}

	/** Outer area pi a b at s. */
	static double totalArea(final double s) {
		return Math.PI * A * B * f(s) * f(s);
	}

	/** Cortical (annulus) area pi (a b - (a - t)(b - t)) at s. */
	static double corticalArea(final double s) {
		final double a = A * f(s), b = B * f(s);
		return Math.PI * (a * b - (a - WALL) * (b - WALL));
	}

	/** Second moment for bending along the a (superior-inferior) axis: pi/4 (a^3 b - (a-t)^3 (b-t)). */
	static double csmiSi(final double s) {
		final double a = A * f(s), b = B * f(s), ai = a - WALL, bi = b - WALL;
		return Math.PI / 4 * (a * a * a * b - ai * ai * ai * bi);
	}

	static double csmiAp(final double s) {
		final double a = A * f(s), b = B * f(s), ai = a - WALL, bi = b - WALL;
		return Math.PI / 4 * (a * b * b * b - ai * bi * bi * bi);
	}

	/** Simpson integral of an area function over [s0, s1] (mm^3). */
	static double integrate(final java.util.function.DoubleUnaryOperator g, final double s0, final double s1) {
		final int n = 200;
		final double h = (s1 - s0) / n;
		double sum = g.applyAsDouble(s0) + g.applyAsDouble(s1);
		for (int i = 1; i < n; i++)
			sum += (i % 2 == 1 ? 4 : 2) * g.applyAsDouble(s0 + i * h);
		return sum * h / 3;
	}

	/**
	 * Area (mm^2) of the projection along world y of the neck slab s0 &lt;= s &lt;= s1 (head centre at the
	 * origin): union of the projected elliptical discs of sections every 0.05 mm, tested on a 0.05 mm
	 * grid in x-z; a point is in a projected disc when the 2x2 system x = c + q1 e1 + q2 e2 (x and z
	 * rows) has a solution inside the ellipse.
	 */
	static double projectedArea(final double[] u, final double[] e1, final double[] e2, final double s0, final double s1) {
		final double g = 0.05;
		final int ns = (int) Math.round((s1 - s0) / 0.05);
		final double[] cx = new double[ns + 1], cz = new double[ns + 1], a = new double[ns + 1], b = new double[ns + 1];
		double xmin = 1e9, xmax = -1e9, zmin = 1e9, zmax = -1e9;
		for (int k = 0; k <= ns; k++) {
			final double s = s0 + k * (s1 - s0) / ns;
			cx[k] = s * u[0];
			cz[k] = s * u[2];
			a[k] = A * f(s);
			b[k] = B * f(s);
			xmin = Math.min(xmin, cx[k] - a[k]);
			xmax = Math.max(xmax, cx[k] + a[k]);
			zmin = Math.min(zmin, cz[k] - a[k]);
			zmax = Math.max(zmax, cz[k] + a[k]);
		}
		final double det = e1[0] * e2[2] - e2[0] * e1[2];
		long count = 0;
		for (double x = xmin - 1; x <= xmax + 1; x += g)
			for (double z = zmin - 1; z <= zmax + 1; z += g)
				for (int k = 0; k <= ns; k++) {
					final double dx = x - cx[k], dz = z - cz[k];
					final double q1 = (dx * e2[2] - e2[0] * dz) / det, q2 = (e1[0] * dz - dx * e1[2]) / det;
					if (q1 * q1 / (a[k] * a[k]) + q2 * q2 / (b[k] * b[k]) <= 1) {
						count++;
						break;
					}
				}
		return count * g * g;
	}
}
