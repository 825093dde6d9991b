package org.marrowj.pipeline;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.marrowj.BadInputException;
import org.marrowj.io.Json;
import org.marrowj.qct.Calibration;

/**
 * How a QCT's HU become K2HPO4-equivalent density: density [mg/cm^3] = slope_mgcm3_per_hu x HU +
 * intercept_mgcm3, from a calibration.json (written by Calibrate QCT Phantom, {@link Calibration#toMap()}),
 * from the two numbers, or none when the image already holds mg/cm^3.
 */
public final class CalibrationSpec {

	/** mg/cm^3 per HU and mg/cm^3; NaN for {@link #alreadyCalibrated()}. */
	public final double slope_mgcm3_per_hu, intercept_mgcm3;
	/** Where the numbers came from: the calibration file's path, "parameters" or "image" (already mg/cm^3). */
	public final String source;
	/** The calibration.json content when read from a file, else null. */
	public final Map<String, Object> file;

	private CalibrationSpec(final double slope, final double intercept, final String source, final Map<String, Object> file) {
		this.slope_mgcm3_per_hu = slope;
		this.intercept_mgcm3 = intercept;
		this.source = source;
		this.file = file;
	}

	/** The image holds calibrated density (mg/cm^3) already. */
	public static CalibrationSpec alreadyCalibrated() {
		return new CalibrationSpec(Double.NaN, Double.NaN, "image", null);
	}

	/** density = slope x HU + intercept; the slope must be positive and both finite. */
	public static CalibrationSpec of(final double slope_mgcm3_per_hu, final double intercept_mgcm3) {
		if (!Double.isFinite(slope_mgcm3_per_hu) || !(slope_mgcm3_per_hu > 0))
			throw new BadInputException("slope_mgcm3_per_hu", "must be a positive number, got " + slope_mgcm3_per_hu);
		if (!Double.isFinite(intercept_mgcm3)) throw new BadInputException("intercept_mgcm3", "must be a finite number");
		return new CalibrationSpec(slope_mgcm3_per_hu, intercept_mgcm3, "parameters", null);
	}

	/** The same numbers as {@code c}. */
	public static CalibrationSpec of(final Calibration c) {
		return new CalibrationSpec(c.slope_mgcm3_per_hu(), c.intercept_mgcm3(), "calibration", c.toMap());
	}

	/** Reads slope_mgcm3_per_hu and intercept_mgcm3 from a calibration.json. */
	public static CalibrationSpec read(final File json) {
		if (json == null) throw new BadInputException("calibration", "no file given");
		if (!json.isFile()) throw new BadInputException(json, "no such file (calibration.json expected)");
		final String text;
		try {
			text = new String(Files.readAllBytes(json.toPath()), StandardCharsets.UTF_8);
		}
		catch (final IOException e) {
			throw new BadInputException(json, "cannot read: " + e.getMessage(), e);
		}
		final Map<String, Object> m = Json.parseObject(text, json.getPath());
		final double s = number(m, "slope_mgcm3_per_hu", json), b = number(m, "intercept_mgcm3", json);
		if (!(s > 0)) throw new BadInputException(json, "slope_mgcm3_per_hu must be positive, got " + s);
		return new CalibrationSpec(s, b, json.getPath(), m);
	}

	private static double number(final Map<String, Object> m, final String key, final File f) {
		final Object v = m.get(key);
		if (!(v instanceof Number)) throw new BadInputException(f, "has no number '" + key + "' (not a calibration.json?)");
		final double d = ((Number) v).doubleValue();
		if (!Double.isFinite(d)) throw new BadInputException(f, "'" + key + "' is not finite");
		return d;
	}

	public boolean isIdentity() {
		return Double.isNaN(slope_mgcm3_per_hu);
	}

	public Map<String, Object> toMap() {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("source", source);
		if (!isIdentity()) {
			m.put("slope_mgcm3_per_hu", slope_mgcm3_per_hu);
			m.put("intercept_mgcm3", intercept_mgcm3);
		}
		return m;
	}

	@Override
	public String toString() {
		return isIdentity() ? "image in mg/cm^3" : String.format(Locale.ROOT, "%s x HU + %s (%s)", slope_mgcm3_per_hu, intercept_mgcm3,
			source);
	}

	/**
	 * From command parameters: a calibration.json file, or slope_mgcm3_per_hu + intercept_mgcm3 as
	 * text, or neither (the image is already in mg/cm^3); both kinds at once is an error.
	 */
	public static CalibrationSpec fromParameters(final File file, final String slope, final String intercept) {
		final boolean hasS = slope != null && !slope.trim().isEmpty(), hasI = intercept != null && !intercept.trim().isEmpty();
		if (file != null && !file.getPath().isEmpty()) {
			if (hasS || hasI) throw new BadInputException("calibration", "give either a calibration file or slope_mgcm3_per_hu and " +
				"intercept_mgcm3, not both");
			return read(file);
		}
		if (hasS != hasI) throw new BadInputException(hasS ? "intercept_mgcm3" : "slope_mgcm3_per_hu", "is needed with " + (hasS
			? "slope_mgcm3_per_hu" : "intercept_mgcm3"));
		if (!hasS) return alreadyCalibrated();
		return of(PetAnalysis.optionalNumber(slope, "slope_mgcm3_per_hu"), PetAnalysis.optionalNumber(intercept, "intercept_mgcm3"));
	}

}
