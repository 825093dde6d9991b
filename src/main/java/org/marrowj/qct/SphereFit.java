package org.marrowj.qct;

/**
 * Least-squares sphere through points: algebraic fit (x^2 + y^2 + z^2 + D x + E y + F z + G = 0,
 * linear least squares; centre = -(D, E, F)/2, R^2 = |centre|^2 - G), then Gauss-Newton on the
 * geometric residuals |p - c| - R.
 */
final class SphereFit {

	private SphereFit() {}

	/** Returns {cx, cy, cz, R, rms}; pts = x0,y0,z0,x1,... ; null when fewer than 4 points or degenerate. */
	static double[] fit(final double[] pts, final int n) {
		if (n < 4) return null;
		final double[][] a = new double[4][5];
		for (int i = 0; i < n; i++) {
			final double x = pts[3 * i], y = pts[3 * i + 1], z = pts[3 * i + 2];
			final double[] row = { x, y, z, 1, -(x * x + y * y + z * z) };
			for (int r = 0; r < 4; r++)
				for (int c = 0; c < 5; c++)
					a[r][c] += row[r] * row[c];
		}
		final double[] sol = solve(a);
		if (sol == null) return null;
		final double[] c = { -sol[0] / 2, -sol[1] / 2, -sol[2] / 2 };
		final double r2 = c[0] * c[0] + c[1] * c[1] + c[2] * c[2] - sol[3];
		if (!(r2 > 0)) return null;
		double R = Math.sqrt(r2);
		for (int it = 0; it < 20; it++) {
			final double[][] m = new double[4][5];
			for (int i = 0; i < n; i++) {
				final double dx = pts[3 * i] - c[0], dy = pts[3 * i + 1] - c[1], dz = pts[3 * i + 2] - c[2];
				final double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
				if (d == 0) continue;
				final double[] j = { -dx / d, -dy / d, -dz / d, -1, -(d - R) };
				for (int r = 0; r < 4; r++)
					for (int k = 0; k < 5; k++)
						m[r][k] += j[r] * j[k];
			}
			final double[] step = solve(m);
			if (step == null) break;
			c[0] += step[0];
			c[1] += step[1];
			c[2] += step[2];
			R += step[3];
			if (Math.abs(step[0]) + Math.abs(step[1]) + Math.abs(step[2]) + Math.abs(step[3]) < 1e-9) break;
		}
		double ss = 0;
		for (int i = 0; i < n; i++) {
			final double dx = pts[3 * i] - c[0], dy = pts[3 * i + 1] - c[1], dz = pts[3 * i + 2] - c[2];
			final double e = Math.sqrt(dx * dx + dy * dy + dz * dz) - R;
			ss += e * e;
		}
		return new double[] { c[0], c[1], c[2], R, Math.sqrt(ss / n) };
	}

	/** Solves the n x n system [A | b] (augmented, n x (n+1)) by Gaussian elimination with partial pivoting; null when singular. */
	static double[] solve(final double[][] a) {
		final int n = a.length;
		for (int col = 0; col < n; col++) {
			int p = col;
			for (int r = col + 1; r < n; r++)
				if (Math.abs(a[r][col]) > Math.abs(a[p][col])) p = r;
			if (Math.abs(a[p][col]) < 1e-12) return null;
			final double[] t = a[p];
			a[p] = a[col];
			a[col] = t;
			for (int r = col + 1; r < n; r++) {
				final double f = a[r][col] / a[col][col];
				for (int c = col; c <= n; c++)
					a[r][c] -= f * a[col][c];
			}
		}
		final double[] x = new double[n];
		for (int r = n - 1; r >= 0; r--) {
			double s = a[r][n];
			for (int c = r + 1; c < n; c++)
				s -= a[r][c] * x[c];
			x[r] = s / a[r][r];
		}
		return x;
	}
}
