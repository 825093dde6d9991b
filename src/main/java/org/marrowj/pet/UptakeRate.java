package org.marrowj.pet;

import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.marrowj.BadInputException;
import org.marrowj.io.Csv;

/**
 * Tissue uptake rate from one static PET frame and the plasma input function (Turku PET Centre
 * fractional uptake rate method).
 * <ul>
 * <li>FUR [1/min] = C_T(t_mid) / integral_0^t_mid C_p(t) dt, with C_T the tissue activity
 * concentration in kBq/mL (Bq/mL / 1000) at the frame's mid time t_mid (min after injection) and
 * C_p the plasma activity concentration in kBq/mL, decay-corrected to the injection time like the
 * PET.</li>
 * <li>The integral is the trapezoidal rule over the samples (t_i, C_p(t_i)), the curve taken to rise
 * linearly from C_p(0) = 0 at the injection to the first sample (when the first sample is at t &gt;
 * 0); up to t_mid, with C_p(t_mid) linearly interpolated between its neighbouring samples. t_mid
 * beyond the last sample is refused (no extrapolation).</li>
 * <li>FDG, glucose uptake GU [umol/100 g/min] = FUR x glucose[mmol/L] x 100 / (LC x density[g/mL]),
 * glucose the plasma glucose concentration (mmol/L = umol/mL), LC the lumped constant, density the
 * tissue density.</li>
 * <li>FTHA, fatty acid uptake FFAU [umol/100 g/min] = FUR x FFA[mmol/L] x 100 / (LC x density), FFA
 * the plasma free fatty acid concentration, LC = 1 (FTHA is taken to be trapped like the native
 * fatty acids).</li>
 * </ul>
 * Default LC for FDG: {@value #DEFAULT_LC_FDG}, a whole-tissue FDG lumped constant in common use; no
 * lumped constant has been measured for bone marrow, so the result always carries the lc used
 * (pass the tissue's own value when known, e.g. from the literature for skeletal muscle or
 * myocardium). Default density {@value #DEFAULT_DENSITY_G_ML} g/mL.
 */
public final class UptakeRate {

	private UptakeRate() {}

	public static final double DEFAULT_LC_FDG = 0.65;
	public static final double DEFAULT_DENSITY_G_ML = 1.0;

	/** Tracers with an uptake formula. */
	public enum Tracer {
		FDG("fdg"), FTHA("ftha");

		private final String key;

		Tracer(final String key) {
			this.key = key;
		}

		public String key() {
			return key;
		}

		public static Tracer parse(final String s) {
			final String t = s == null ? "" : s.trim();
			for (final Tracer x : values())
				if (x.key.equalsIgnoreCase(t)) return x;
			throw new BadInputException("tracer", "'" + s + "' is not one of fdg, ftha");
		}
	}

	/** A plasma input function: times (min after injection) and activity (kBq/mL), validated. */
	public static final class InputFunction {
		private final double[] t_min, c_kbq_ml;

		/**
		 * @throws BadInputException unless there is at least one sample, times are finite, &gt;= 0 and
		 *         strictly increasing, and activities finite and &gt;= 0
		 */
		public InputFunction(final double[] time_min, final double[] activity_kbq_ml) {
			this(time_min, activity_kbq_ml, "input_function");
		}

		InputFunction(final double[] time_min, final double[] activity_kbq_ml, final String what) {
			if (time_min == null || activity_kbq_ml == null || time_min.length == 0)
				throw new BadInputException(what, "no samples in the input function");
			if (time_min.length != activity_kbq_ml.length) throw new BadInputException(what, time_min.length + " times but " +
				activity_kbq_ml.length + " activities");
			for (int i = 0; i < time_min.length; i++) {
				if (!Double.isFinite(time_min[i]) || time_min[i] < 0)
					throw new BadInputException(what, "sample " + (i + 1) + ": time " + time_min[i] + " min is not a finite time >= 0");
				if (i > 0 && !(time_min[i] > time_min[i - 1])) throw new BadInputException(what, "sample " + (i + 1) + ": time " +
					time_min[i] + " min is not after the previous " + time_min[i - 1] + " min (times must increase strictly)");
				if (!Double.isFinite(activity_kbq_ml[i]) || activity_kbq_ml[i] < 0) throw new BadInputException(what, "sample " +
					(i + 1) + ": activity " + activity_kbq_ml[i] + " kBq/mL is not a finite value >= 0");
			}
			t_min = time_min.clone();
			c_kbq_ml = activity_kbq_ml.clone();
		}

		public double[] time_min() {
			return t_min.clone();
		}

		public double[] activity_kbq_ml() {
			return c_kbq_ml.clone();
		}

		/**
		 * integral_0^t C_p dt in kBq min/mL (see the class comment: trapezoids, linear rise from 0 at
		 * t = 0 to the first sample).
		 *
		 * @throws BadInputException when t is negative or after the last sample
		 */
		public double integral(final double t_mid_min) {
			if (!(t_mid_min >= 0) || Double.isInfinite(t_mid_min))
				throw new BadInputException("t_mid_min", t_mid_min + " is not a time >= 0");
			final double last = t_min[t_min.length - 1];
			if (t_mid_min > last) throw new BadInputException("t_mid_min", t_mid_min + " min is after the last input function sample (" +
				last + " min); the input function is not extrapolated");
			double prevT = 0, prevC = 0, sum = 0;
			for (int i = 0; i < t_min.length; i++) {
				final double t = t_min[i], c = c_kbq_ml[i];
				if (t == 0) {
					prevC = c;
					continue;
				}
				if (t >= t_mid_min) {
					final double cm = prevC + (c - prevC) * (t_mid_min - prevT) / (t - prevT);
					return sum + 0.5 * (prevC + cm) * (t_mid_min - prevT);
				}
				sum += 0.5 * (prevC + c) * (t - prevT);
				prevT = t;
				prevC = c;
			}
			return sum;
		}

		/**
		 * Reads a CSV with a header naming the columns with their units: {@code time_min} (or
		 * {@code time_s}) and {@code activity_kbq_ml} (or {@code activity_bq_ml}); other columns are
		 * ignored. Values are plain decimal numbers.
		 */
		public static InputFunction read(final File csv) {
			final Csv table;
			try {
				table = Csv.read(csv);
			}
			catch (final IOException e) {
				throw new BadInputException(csv, "cannot read: " + e.getMessage(), e);
			}
			final List<String> h = table.header();
			int ti = -1, ci = -1;
			double tScale = 1, cScale = 1;
			for (int i = 0; i < h.size(); i++) {
				final String name = h.get(i).trim().toLowerCase(Locale.ROOT);
				if (name.equals("time_min")) ti = i;
				else if (name.equals("time_s")) {
					ti = i;
					tScale = 1 / 60.0;
				}
				else if (name.equals("activity_kbq_ml")) ci = i;
				else if (name.equals("activity_bq_ml")) {
					ci = i;
					cScale = 1e-3;
				}
			}
			if (ti < 0 || ci < 0) throw new BadInputException(csv, "the header must name a time column with its unit (time_min or " +
				"time_s) and an activity column with its unit (activity_kbq_ml or activity_bq_ml); found " + h);
			final int n = table.rows().size();
			final double[] t = new double[n], c = new double[n];
			for (int r = 0; r < n; r++) {
				final List<String> row = table.rows().get(r);
				t[r] = number(csv, row.get(ti), r, h.get(ti)) * tScale;
				c[r] = number(csv, row.get(ci), r, h.get(ci)) * cScale;
			}
			return new InputFunction(t, c, csv.getPath());
		}

		private static double number(final File f, final String s, final int row, final String col) {
			try {
				return Double.parseDouble(s.trim());
			}
			catch (final NumberFormatException e) {
				throw new BadInputException(f, "line " + (row + 2) + ", column " + col + ": '" + s + "' is not a number");
			}
		}
	}

	/** An uptake rate and the values it came from. */
	public static final class Result {
		public final double fur_per_min;
		public final double uptake_umol_100g_min;
		public final Tracer tracer;
		public final double lc;
		public final double density_g_ml;
		public final double tissue_kbq_ml;
		public final double t_mid_min;
		public final double integral_kbq_min_ml;
		/** Plasma glucose (FDG) or free fatty acid (FTHA) concentration, mmol/L. */
		public final double plasma_mmol_l;

		Result(final double fur, final double uptake, final Tracer tracer, final double lc, final double density, final double tissue,
			final double tMid, final double integral, final double plasma)
		{
			this.fur_per_min = fur;
			this.uptake_umol_100g_min = uptake;
			this.tracer = tracer;
			this.lc = lc;
			this.density_g_ml = density;
			this.tissue_kbq_ml = tissue;
			this.t_mid_min = tMid;
			this.integral_kbq_min_ml = integral;
			this.plasma_mmol_l = plasma;
		}

		public Map<String, Object> toMap() {
			final Map<String, Object> m = new LinkedHashMap<>();
			m.put("fur_per_min", fur_per_min);
			m.put("uptake_umol_100g_min", uptake_umol_100g_min);
			m.put("uptake_kind", tracer == Tracer.FDG ? "glucose uptake (GU)" : "fatty acid uptake (FFAU)");
			m.put("tracer", tracer.key());
			m.put("lc", lc);
			m.put("density_g_ml", density_g_ml);
			m.put("tissue_kbq_ml", tissue_kbq_ml);
			m.put("t_mid_min", t_mid_min);
			m.put("integral_kbq_min_ml", integral_kbq_min_ml);
			m.put("plasma_mmol_l", plasma_mmol_l);
			return m;
		}

		@Override
		public String toString() {
			return "UptakeRate" + toMap();
		}
	}

	/**
	 * The uptake rate of a tissue.
	 *
	 * @param tissue_bq_ml tissue activity concentration, Bq/mL, decay-corrected to the injection
	 * @param t_mid_min mid time of the PET frame, min after injection
	 * @param input the plasma input function
	 * @param tracer FDG or FTHA
	 * @param plasma_mmol_l plasma glucose (FDG) or free fatty acids (FTHA), mmol/L
	 * @param lc lumped constant; NaN for the default (FDG {@value #DEFAULT_LC_FDG}); must be 1 (or NaN)
	 *        for FTHA
	 * @param density_g_ml tissue density; NaN for {@value #DEFAULT_DENSITY_G_ML}
	 */
	public static Result compute(final double tissue_bq_ml, final double t_mid_min, final InputFunction input, final Tracer tracer,
		final double plasma_mmol_l, final double lc, final double density_g_ml)
	{
		if (!Double.isFinite(tissue_bq_ml) || tissue_bq_ml < 0)
			throw new BadInputException("tissue_bq_ml", tissue_bq_ml + " is not an activity concentration >= 0");
		if (!(plasma_mmol_l > 0) || Double.isInfinite(plasma_mmol_l)) throw new BadInputException(tracer == Tracer.FTHA ?
			"ffa_mmol_l" : "glucose_mmol_l", plasma_mmol_l + " is not a positive concentration");
		final double l;
		if (tracer == Tracer.FTHA) {
			if (!Double.isNaN(lc) && lc != 1) throw new BadInputException("lc", "FTHA uptake uses LC = 1, got " + lc);
			l = 1;
		}
		else l = Double.isNaN(lc) ? DEFAULT_LC_FDG : lc;
		if (!(l > 0) || Double.isInfinite(l)) throw new BadInputException("lc", l + " is not a positive lumped constant");
		final double rho = Double.isNaN(density_g_ml) ? DEFAULT_DENSITY_G_ML : density_g_ml;
		if (!(rho > 0) || Double.isInfinite(rho)) throw new BadInputException("density_g_ml", rho + " is not a positive density");
		final double integral = input.integral(t_mid_min);
		if (!(integral > 0)) throw new BadInputException("input_function", "its integral from 0 to " + t_mid_min +
			" min is " + integral + ": no plasma activity before the frame");
		final double ct = tissue_bq_ml / 1000.0;
		final double fur = ct / integral;
		final double uptake = fur * plasma_mmol_l * 100 / (l * rho);
		return new Result(fur, uptake, tracer, l, rho, ct, t_mid_min, integral, plasma_mmol_l);
	}
}
