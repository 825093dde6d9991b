package org.marrowj.qct;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.marrowj.BadInputException;
import org.marrowj.image.Volume;
import org.marrowj.morph.Parallel;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * QCT phantom calibration: from the mean HU of the phantom's rods and the certificate
 * concentrations of K2HPO4 (and, for the Mindways method, the rods' water-equivalent densities) to
 * the equivalent-density calibration {@code density [mg/cm^3] = slope x HU + intercept}.
 * <p>
 * <b>Linear</b>: ordinary least squares of HU_i on rho_i (K2HPO4, mg/cm^3): HU = s rho + b with
 * s = sum (rho_i - mean rho)(HU_i - mean HU) / sum (rho_i - mean rho)^2, b = mean HU - s mean rho;
 * density = (HU - b) / s, i.e. slope = 1/s, intercept = -b/s. R^2 = 1 - sum (HU_i - s rho_i -
 * b)^2 / sum (HU_i - mean HU)^2.
 * <p>
 * <b>Mindways</b> (Mindways Software, QCT Pro phantom calibration; see the project's design notes):
 * least squares of y_i = HU_i - rho_w,i (rho_w = water-equivalent density of rod i, mg/cm^3) on
 * rho_i gives sigma_ref (slope) and beta_ref (intercept); then sigma_CT = sigma_ref -
 * {@link #MINDWAYS_SIGMA_OFFSET}, beta_CT = beta_ref + {@link #MINDWAYS_BETA_OFFSET} and density =
 * (HU - beta_CT) / sigma_CT, i.e. slope = 1/sigma_CT, intercept = -beta_CT/sigma_CT. R^2 is that of
 * the regression of y on rho. The forward model of the rods is thus HU_i = rho_w,i + sigma_ref
 * rho_i + beta_ref.
 * <p>
 * Residuals (measured minus fitted): residual_hu_i = y_i - (s rho_i + b) (y = HU for the linear
 * method); residual_mgcm3_i = calibrated density of rod i minus its certificate concentration.
 * <p>
 * Quality: R^2 below {@link #R2_WARNING} adds a warning; below the caller's {@code min_r2} the
 * calibration is refused with a {@link BadInputException}.
 */
public final class Calibration {

	/** Calibration method. */
	public enum Method {
		LINEAR, MINDWAYS;

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}

		/** Parses "linear" or "mindways" for the parameter {@code method}. */
		public static Method parse(final String text) {
			if (text != null) {
				final String t = text.trim().toLowerCase(Locale.ROOT);
				if (t.equals("linear")) return LINEAR;
				if (t.equals("mindways")) return MINDWAYS;
			}
			throw new BadInputException("method", "must be linear or mindways, got " + text);
		}
	}

	/**
	 * Mindways QCT Pro: sigma_CT = sigma_ref - 0.2174 (HU per mg/cm^3). The constant converts the
	 * phantom's reference regression to the calibration of K2HPO4-equivalent bone density in tissue
	 * (Mindways Software, QCT Pro calibration phantom documentation).
	 */
	public static final double MINDWAYS_SIGMA_OFFSET = 0.2174;
	/** Mindways QCT Pro: beta_CT = beta_ref + 999.6 (HU); same source as {@link #MINDWAYS_SIGMA_OFFSET}. */
	public static final double MINDWAYS_BETA_OFFSET = 999.6;
	/** R^2 below this adds a warning. */
	public static final double R2_WARNING = 0.99;
	/** Default of {@code min_r2}: R^2 below this refuses the calibration. */
	public static final double DEFAULT_MIN_R2 = 0.95;

	private final Method method;
	private final double s, b, r2, sigmaRef, betaRef;
	private final double[] hu, k2hpo4, water, residualHu, residualMg;
	private final List<Rod> rods;
	private final List<String> warnings;

	private Calibration(final Method method, final double s, final double b, final double r2, final double sigmaRef,
		final double betaRef, final double[] hu, final double[] k2hpo4, final double[] water, final double[] residualHu,
		final double[] residualMg, final List<Rod> rods, final List<String> warnings)
	{
		this.method = method;
		this.s = s;
		this.b = b;
		this.r2 = r2;
		this.sigmaRef = sigmaRef;
		this.betaRef = betaRef;
		this.hu = hu;
		this.k2hpo4 = k2hpo4;
		this.water = water;
		this.residualHu = residualHu;
		this.residualMg = residualMg;
		this.rods = rods;
		this.warnings = Collections.unmodifiableList(warnings);
	}

	// -------------------------------------------------------------------------------- factories

	/** Linear calibration from measured rods (their {@link Rod#hu_mean()}) and certificate K2HPO4 values. */
	public static Calibration linear(final List<Rod> rods, final double[] k2hpo4_mgcm3, final double min_r2) {
		return fit(Method.LINEAR, rods, means(rods), k2hpo4_mgcm3, null, min_r2);
	}

	/** Linear calibration from rod HU values and certificate K2HPO4 values (same order). */
	public static Calibration linear(final double[] hu, final double[] k2hpo4_mgcm3, final double min_r2) {
		return fit(Method.LINEAR, null, hu, k2hpo4_mgcm3, null, min_r2);
	}

	/** Mindways calibration from measured rods and certificate K2HPO4 and water-equivalent densities. */
	public static Calibration mindways(final List<Rod> rods, final double[] k2hpo4_mgcm3, final double[] water_mgcm3,
		final double min_r2)
	{
		return fit(Method.MINDWAYS, rods, means(rods), k2hpo4_mgcm3, water_mgcm3, min_r2);
	}

	/** Mindways calibration from rod HU values and certificate values (same order). */
	public static Calibration mindways(final double[] hu, final double[] k2hpo4_mgcm3, final double[] water_mgcm3,
		final double min_r2)
	{
		return fit(Method.MINDWAYS, null, hu, k2hpo4_mgcm3, water_mgcm3, min_r2);
	}

	/**
	 * Parses a certificate list: numbers separated by commas (spaces allowed), exactly
	 * {@code rodCount} of them (any number when it is negative), all finite. Errors name {@code parameter} (e.g. {@code rods_k2hpo4},
	 * {@code rods_water}).
	 */
	public static double[] parseCertificate(final String text, final String parameter, final int rodCount) {
		if (text == null || text.trim().isEmpty())
			throw new BadInputException(parameter, "no values given; need " + (rodCount >= 0 ? rodCount + " " : "") +
				"comma-separated numbers (mg/cm^3) in rod order");
		final String[] parts = text.trim().split("\\s*,\\s*", -1);
		final double[] v = new double[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				v[i] = Double.parseDouble(parts[i].trim());
			}
			catch (final NumberFormatException e) {
				throw new BadInputException(parameter, "value " + (i + 1) + " '" + parts[i].trim() + "' is not a number");
			}
			if (!Double.isFinite(v[i])) throw new BadInputException(parameter, "value " + (i + 1) + " is not finite");
		}
		if (rodCount >= 0 && v.length != rodCount)
			throw new BadInputException(parameter, "has " + v.length + " values but rod_count is " + rodCount);
		return v;
	}

	private static double[] means(final List<Rod> rods) {
		if (rods == null || rods.isEmpty()) throw new BadInputException("rods", "no rods to calibrate with");
		final double[] m = new double[rods.size()];
		for (int i = 0; i < m.length; i++)
			m[i] = rods.get(i).hu_mean();
		return m;
	}

	private static Calibration fit(final Method method, final List<Rod> rods, final double[] hu, final double[] k,
		final double[] water, final double min_r2)
	{
		if (!(min_r2 >= 0 && min_r2 <= 1)) throw new BadInputException("min_r2", "must be in [0, 1], got " + min_r2);
		if (hu == null || hu.length < 2) throw new BadInputException("rods", "a calibration needs at least 2 rods");
		final int n = hu.length;
		check(k, "rods_k2hpo4", n);
		if (method == Method.MINDWAYS) check(water, "rods_water", n);
		for (int i = 0; i < n; i++)
			if (!Double.isFinite(hu[i])) throw new BadInputException("rods", "rod " + (i + 1) + " has no finite HU value");
		final double[] y = new double[n];
		for (int i = 0; i < n; i++)
			y[i] = method == Method.MINDWAYS ? hu[i] - water[i] : hu[i];
		double mk = 0, my = 0;
		for (int i = 0; i < n; i++) {
			mk += k[i];
			my += y[i];
		}
		mk /= n;
		my /= n;
		double sxx = 0, sxy = 0, syy = 0;
		for (int i = 0; i < n; i++) {
			sxx += (k[i] - mk) * (k[i] - mk);
			sxy += (k[i] - mk) * (y[i] - my);
			syy += (y[i] - my) * (y[i] - my);
		}
		if (!(sxx > 0)) throw new BadInputException("rods_k2hpo4", "the rod concentrations must not all be equal");
		final double slopeFit = sxy / sxx, interceptFit = my - slopeFit * mk;
		final double[] resHu = new double[n];
		double ssRes = 0;
		for (int i = 0; i < n; i++) {
			resHu[i] = y[i] - (slopeFit * k[i] + interceptFit);
			ssRes += resHu[i] * resHu[i];
		}
		final double r2 = syy > 0 ? Math.max(0, 1 - ssRes / syy) : Double.NaN;
		final double s, b;
		if (method == Method.MINDWAYS) {
			s = slopeFit - MINDWAYS_SIGMA_OFFSET;
			b = interceptFit + MINDWAYS_BETA_OFFSET;
		}
		else {
			s = slopeFit;
			b = interceptFit;
		}
		if (!(s > 0)) throw new BadInputException("rods", String.format(Locale.ROOT,
			"HU does not rise with the K2HPO4 concentration (%s = %.6g HU per mg/cm^3); check the rod order (rod_order) " +
				"and the certificate values (rods_k2hpo4%s)", method == Method.MINDWAYS ? "sigma_ct" : "slope", s,
			method == Method.MINDWAYS ? ", rods_water" : ""));
		if (Double.isNaN(r2)) throw new BadInputException("rods", "all rods have the same value; no calibration possible");
		final List<String> warnings = new ArrayList<>();
		if (r2 < min_r2) throw new BadInputException("min_r2", String.format(Locale.ROOT,
			"the calibration fit has R^2 = %.4f, below min_r2 = %.4f; check the rods found, their order (rod_order) and the " +
				"certificate values", r2, min_r2));
		if (r2 < R2_WARNING)
			warnings.add(String.format(Locale.ROOT, "calibration R^2 = %.4f is below %.2f", r2, R2_WARNING));
		final double[] resMg = new double[n];
		for (int i = 0; i < n; i++)
			resMg[i] = (hu[i] - b) / s - k[i];
		return new Calibration(method, s, b, r2, method == Method.MINDWAYS ? slopeFit : Double.NaN,
			method == Method.MINDWAYS ? interceptFit : Double.NaN, hu.clone(), k.clone(), water == null ? null : water.clone(),
			resHu, resMg, rods == null ? null : new ArrayList<>(rods), warnings);
	}

	private static void check(final double[] v, final String parameter, final int n) {
		if (v == null) throw new BadInputException(parameter, "no values given; need " + n + " (mg/cm^3) in rod order");
		if (v.length != n) throw new BadInputException(parameter, "has " + v.length + " values but there are " + n + " rods");
		for (int i = 0; i < n; i++)
			if (!Double.isFinite(v[i])) throw new BadInputException(parameter, "value " + (i + 1) + " is not finite");
	}

	// -------------------------------------------------------------------------------- results

	public Method method() {
		return method;
	}

	/** density [mg/cm^3] = slope_mgcm3_per_hu x HU + intercept_mgcm3: slope = 1/s (1/sigma_CT for Mindways). */
	public double slope_mgcm3_per_hu() {
		return 1 / s;
	}

	/** intercept = -b/s (-beta_CT/sigma_CT for Mindways). */
	public double intercept_mgcm3() {
		return -b / s;
	}

	/** HU per mg/cm^3 of the forward model HU = s rho + b (linear: the fitted slope; Mindways: sigma_CT). */
	public double hu_per_mgcm3() {
		return s;
	}

	/** HU at zero density of the forward model (linear: the fitted intercept; Mindways: beta_CT). */
	public double hu_at_zero() {
		return b;
	}

	/** R^2 of the regression (Mindways: of HU - rho_w on rho). */
	public double r2() {
		return r2;
	}

	/** Mindways sigma_CT = sigma_ref - 0.2174; NaN for the linear method. */
	public double sigma_ct() {
		return method == Method.MINDWAYS ? s : Double.NaN;
	}

	/** Mindways beta_CT = beta_ref + 999.6; NaN for the linear method. */
	public double beta_ct() {
		return method == Method.MINDWAYS ? b : Double.NaN;
	}

	/** Mindways regression slope sigma_ref; NaN for the linear method. */
	public double sigma_ref() {
		return sigmaRef;
	}

	/** Mindways regression intercept beta_ref; NaN for the linear method. */
	public double beta_ref() {
		return betaRef;
	}

	public double[] residuals_hu() {
		return residualHu.clone();
	}

	public double[] residuals_mgcm3() {
		return residualMg.clone();
	}

	public List<String> warnings() {
		return warnings;
	}

	/** The calibrated equivalent density of one HU value: slope x HU + intercept (mg/cm^3). */
	public double density_mgcm3(final double hu) {
		return (hu - b) / s;
	}

	// -------------------------------------------------------------------------------- applying

	/** A lazy view of the calibrated density (mg/cm^3) of every voxel; no copy. */
	public <T extends RealType<T>> RandomAccessibleInterval<FloatType> bmdView(final RandomAccessibleInterval<T> hu) {
		final double slope = slope_mgcm3_per_hu(), intercept = intercept_mgcm3();
		return Converters.convert(hu, (in, out) -> out.setReal(slope * in.getRealDouble() + intercept), new FloatType());
	}

	/** The calibrated density volume as a view over the CT (unit {@link Volume#MG_CM3}, same geometry). */
	public <T extends RealType<T> & NativeType<T>> Volume<FloatType> bmdViewVolume(final Volume<T> ct) {
		return ct.withImage(bmdView(ct.image()), Volume.MG_CM3);
	}

	/** The calibrated density computed into a new float volume (unit {@link Volume#MG_CM3}), in parallel over slices. */
	public <T extends RealType<T> & NativeType<T>> Volume<FloatType> bmdVolume(final Volume<T> ct) {
		final RandomAccessibleInterval<T> src = ct.image();
		final long[] dims = src.dimensionsAsLongArray();
		final PlanarImg<FloatType, ?> out = PlanarImgs.floats(dims);
		final double slope = slope_mgcm3_per_hu(), intercept = intercept_mgcm3();
		Parallel.forEach((int) dims[2], z -> {
			final RandomAccessibleInterval<T> in = Views.hyperSlice(src, 2, src.min(2) + z);
			final RandomAccessibleInterval<FloatType> o = Views.hyperSlice(out, 2, z);
			final Cursor<FloatType> c = Views.flatIterable(o).localizingCursor();
			final RandomAccess<T> ra = in.randomAccess();
			final long[] pos = new long[2];
			while (c.hasNext()) {
				c.fwd();
				c.localize(pos);
				pos[0] += src.min(0);
				pos[1] += src.min(1);
				ra.setPosition(pos);
				c.get().setReal(slope * ra.get().getRealDouble() + intercept);
			}
		});
		return ct.withImage(out, Volume.MG_CM3);
	}

	// -------------------------------------------------------------------------------- reporting

	/**
	 * calibration.json content: method, slope_mgcm3_per_hu, intercept_mgcm3, r2, rods_found, rods
	 * [{index, centre_index, centre_mm, radius_mm, roi_radius_mm, hu_mean, hu_sd, voxels, k2hpo4_mgcm3,
	 * water_mgcm3 (Mindways), residual_hu, residual_mgcm3}], for Mindways also sigma_ref, beta_ref,
	 * sigma_ct, beta_ct (and the two constants); then warnings.
	 */
	public Map<String, Object> toMap() {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("method", method.toString());
		m.put("formula", method == Method.MINDWAYS ? "density_mgcm3 = (HU - beta_ct) / sigma_ct = slope_mgcm3_per_hu * HU + intercept_mgcm3"
			: "density_mgcm3 = slope_mgcm3_per_hu * HU + intercept_mgcm3");
		m.put("slope_mgcm3_per_hu", slope_mgcm3_per_hu());
		m.put("intercept_mgcm3", intercept_mgcm3());
		m.put("r2", r2);
		m.put("rods_found", hu.length);
		if (method == Method.MINDWAYS) {
			m.put("sigma_ref", sigmaRef);
			m.put("beta_ref", betaRef);
			m.put("sigma_ct", s);
			m.put("beta_ct", b);
			m.put("sigma_offset", MINDWAYS_SIGMA_OFFSET);
			m.put("beta_offset", MINDWAYS_BETA_OFFSET);
		}
		else {
			m.put("hu_per_mgcm3", s);
			m.put("hu_at_zero", b);
		}
		final List<Object> list = new ArrayList<>();
		for (int i = 0; i < hu.length; i++) {
			final Map<String, Object> r = rods != null ? rods.get(i).toMap() : new LinkedHashMap<>();
			if (rods == null) {
				r.put("index", i + 1);
				r.put("hu_mean", hu[i]);
			}
			r.put("k2hpo4_mgcm3", k2hpo4[i]);
			if (water != null) r.put("water_mgcm3", water[i]);
			r.put("residual_hu", residualHu[i]);
			r.put("residual_mgcm3", residualMg[i]);
			list.add(r);
		}
		m.put("rods", list);
		m.put("warnings", new ArrayList<>(warnings));
		return m;
	}
}
