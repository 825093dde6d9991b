package org.marrowj.pet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.BadInputException;

class UptakeRateTest {

	/**
	 * Piecewise linear plasma curve: 0 at t = 0 (implied), 40 kBq/mL at 1 min, 20 at 3, 10 at 10, 8 at
	 * 30, 6 at 60. Trapezoids are exact: integral to 45 min = 20 (0..1) + 60 (1..3) + 105 (3..10) +
	 * 180 (10..30) + (8 + 7) / 2 x 15 (30..45, C_p(45) = 7) = 477.5 kBq min/mL.
	 */
	static UptakeRate.InputFunction piecewise() {
		return new UptakeRate.InputFunction(new double[] { 1, 3, 10, 30, 60 }, new double[] { 40, 20, 10, 8, 6 });
	}

	@Test
	void furAndGuOnAPiecewiseLinearCurveAreExact() {
		final UptakeRate.InputFunction in = piecewise();
		assertEquals(477.5, in.integral(45), 1e-12);
		assertEquals(20 + 60 + 105 + 180 + 7 * 30, in.integral(60), 1e-12);
		assertEquals(20, in.integral(1), 1e-12);
		assertEquals(5, in.integral(0.5), 1e-12); // linear rise: C_p(0.5) = 20, area 0.5 x 20 / 2
		// tissue 15000 Bq/mL = 15 kBq/mL at t_mid 45 min
		final UptakeRate.Result r = UptakeRate.compute(15000, 45, in, UptakeRate.Tracer.FDG, 5.5, Double.NaN, Double.NaN);
		final double fur = 15 / 477.5;
		assertEquals(fur, r.fur_per_min, 1e-12);
		assertEquals(fur * 5.5 * 100 / (0.65 * 1.0), r.uptake_umol_100g_min, 1e-9);
		assertEquals(0.65, r.lc);
		assertEquals(1.0, r.density_g_ml);
		final UptakeRate.Result r2 = UptakeRate.compute(15000, 45, in, UptakeRate.Tracer.FDG, 5.5, 1.2, 1.06);
		assertEquals(fur * 5.5 * 100 / (1.2 * 1.06), r2.uptake_umol_100g_min, 1e-9);
		final UptakeRate.Result f = UptakeRate.compute(15000, 45, in, UptakeRate.Tracer.FTHA, 0.4, Double.NaN, Double.NaN);
		assertEquals(fur * 0.4 * 100, f.uptake_umol_100g_min, 1e-9);
		assertEquals(1.0, f.lc);
		assertThrows(BadInputException.class, () -> UptakeRate.compute(15000, 45, in, UptakeRate.Tracer.FTHA, 0.4, 0.65, 1));
		System.out.println(r.toMap());
	}

	/** C_p(t) = A t exp(-b t), integral_0^T = A / b^2 (1 - exp(-b T)(1 + b T)); sampled every 0.001 min from 0. */
	@Test
	void furOnADenselySampledCurveMatchesTheClosedForm() {
		final double A = 120, b = 0.35, T = 50;
		final int n = 60001;
		final double[] t = new double[n], c = new double[n];
		for (int i = 0; i < n; i++) {
			t[i] = i * 0.001;
			c[i] = A * t[i] * Math.exp(-b * t[i]);
		}
		final UptakeRate.InputFunction in = new UptakeRate.InputFunction(t, c);
		final double exact = A / (b * b) * (1 - Math.exp(-b * T) * (1 + b * T));
		assertEquals(exact, in.integral(T), 1e-6 * exact);
		final UptakeRate.Result r = UptakeRate.compute(9000, T, in, UptakeRate.Tracer.FDG, 5.0, 0.65, 1.0);
		assertEquals(9 / exact, r.fur_per_min, 1e-6 * 9 / exact);
		assertEquals(9 / exact * 5.0 * 100 / 0.65, r.uptake_umol_100g_min, 1e-6 * r.uptake_umol_100g_min);
	}

	@Test
	void csvWithUnitsInTheHeader(@TempDir final Path dir) throws IOException {
		final File f = dir.resolve("aif.csv").toFile();
		Files.write(f.toPath(), "time_s,activity_bq_ml,note\n60,40000,a\n180,20000,b\n600,10000,\n1800,8000,\n3600,6000,\n".getBytes(
			StandardCharsets.UTF_8));
		final UptakeRate.InputFunction in = UptakeRate.InputFunction.read(f);
		assertEquals(477.5, in.integral(45), 1e-9);
		final File g = dir.resolve("min.csv").toFile();
		Files.write(g.toPath(), "time_min,activity_kbq_ml\n1,40\n3,20\n10,10\n30,8\n60,6\n".getBytes(StandardCharsets.UTF_8));
		assertEquals(477.5, UptakeRate.InputFunction.read(g).integral(45), 1e-12);
	}

	@Test
	void badInputFunctions(@TempDir final Path dir) throws IOException {
		BadInputException e = assertThrows(BadInputException.class, () -> new UptakeRate.InputFunction(new double[] { 1, 3, 2 },
			new double[] { 1, 2, 3 }));
		assertTrue(e.getMessage().contains("increase"), e.getMessage());
		e = assertThrows(BadInputException.class, () -> new UptakeRate.InputFunction(new double[] { 1, 1 }, new double[] { 1, 2 }));
		assertTrue(e.getMessage().contains("increase"), e.getMessage());
		e = assertThrows(BadInputException.class, () -> new UptakeRate.InputFunction(new double[] { 1, 2 }, new double[] { 1, -2 }));
		assertTrue(e.getMessage().contains(">= 0"), e.getMessage());
		e = assertThrows(BadInputException.class, () -> piecewise().integral(61));
		assertTrue(e.getMessage().contains("after the last"), e.getMessage());
		final File noUnits = dir.resolve("bad.csv").toFile();
		Files.write(noUnits.toPath(), "time,activity\n1,2\n".getBytes(StandardCharsets.UTF_8));
		e = assertThrows(BadInputException.class, () -> UptakeRate.InputFunction.read(noUnits));
		assertTrue(e.getMessage().contains("time_min"), e.getMessage());
		final File back = dir.resolve("back.csv").toFile();
		Files.write(back.toPath(), "time_min,activity_kbq_ml\n1,2\n5,3\n4,1\n".getBytes(StandardCharsets.UTF_8));
		e = assertThrows(BadInputException.class, () -> UptakeRate.InputFunction.read(back));
		assertTrue(e.getMessage().contains("back.csv") && e.getMessage().contains("increase"), e.getMessage());
		assertThrows(BadInputException.class, () -> UptakeRate.compute(1000, 10, piecewise(), UptakeRate.Tracer.FDG, 0, 0.65, 1));
		assertThrows(BadInputException.class, () -> UptakeRate.Tracer.parse("nah"));
	}
}
