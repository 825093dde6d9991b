package org.marrowj.command;

import java.io.File;
import java.util.Map;

import org.marrowj.BadInputException;
import org.marrowj.pipeline.CalibrationSpec;
import org.marrowj.pipeline.Cohort;
import org.marrowj.pipeline.NeckAnalysis;
import org.marrowj.pipeline.PetAnalysis;
import org.marrowj.pipeline.ProgressListener;
import org.marrowj.pipeline.SubjectAnalysis;

/**
 * One cohort subject through the same analysis as Analyze Subject: the parameter texts of
 * {@link Cohort.Subject#parameters} mapped to {@link SubjectAnalysis.Settings} (CT marrow, PET) and
 * {@link NeckAnalysis#analyze} (QCT), with Analyze Subject's defaults for parameters not given. The
 * subject name in the tables is the subject's folder name (subject, or subject_visit).
 */
public final class CohortSubjects implements Cohort.SubjectRunner {

	@Override
	public void run(final Cohort.Subject subject, final File out, final Cohort.Stage stage, final ProgressListener listener) {
		analyze(subject.parameters, subject.files, subject.name, out, stage, listener);
	}

	/**
	 * One subject, as Analyze Subject runs it: {@code p} holds Analyze Subject's parameters as text
	 * (empty or absent = the default), {@code files} its input files by parameter name (ct, labels,
	 * pet, input_function, qct, calibration). Writes the subject's folder and returns the report
	 * (the CT part's summary, and "femoral_neck" for a QCT).
	 *
	 * @param subject the subject name, or null/empty for the default (from the input's file name)
	 * @param stage where the work is, for error reports (may be a fresh {@link Cohort.Stage})
	 */
	public static Map<String, Object> analyze(final Map<String, String> p, final Map<String, File> files, final String subject,
		final File out, final Cohort.Stage stage, final ProgressListener listener)
	{
		final File ct = files.get("ct"), qct = files.get("qct");
		if (ct == null && qct == null) throw new BadInputException("ct", "give a CT (marrow regions) and/or a qct (femoral neck)");
		final String name = subject == null || subject.trim().isEmpty() ? null : subject.trim();
		final Map<String, Object> report = new java.util.LinkedHashMap<>();
		if (ct != null) {
			final SubjectAnalysis.Settings s = new SubjectAnalysis.Settings().ct(ct).labels(files.get("labels")).out(out).site(text(p,
				"site", "auto")).labelScheme(text(p, "label_scheme", "totalsegmentator")).cortical_hu(number(p, "cortical_hu", 400))
				.margin_mm(SubjectAnalysis.parseMargin(text(p, "margin_mm", "auto"))).subject(name).seeds_mm(SubjectAnalysis.parseSeeds(
					text(p, "seeds_mm", "")));
			final File pet = files.get("pet");
			if (pet != null) {
				stage.set(Cohort.PET);
				final PetAnalysis.SubjectSettings ps = new PetAnalysis.SubjectSettings();
				ps.pet = pet;
				ps.tracer = text(p, "tracer", "fdg");
				ps.suv_type = text(p, "suv_type", "bw");
				ps.overrides = PetAnalysis.overrides(text(p, "dose_mbq", ""), text(p, "weight_kg", ""), text(p, "height_cm", ""), text(p,
					"sex", ""), text(p, "injection_time", ""), text(p, "scan_time", ""), text(p, "half_life_s", ""));
				ps.assume_aligned = bool(p, "assume_aligned");
				ps.input_function = files.get("input_function");
				ps.glucose_mmol = PetAnalysis.optionalNumber(text(p, "glucose_mmol", ""), "glucose_mmol");
				ps.ffa_mmol = PetAnalysis.optionalNumber(text(p, "ffa_mmol", ""), "ffa_mmol");
				ps.lc = PetAnalysis.optionalNumber(text(p, "lc", ""), "lc");
				ps.frame_mid_min = PetAnalysis.optionalNumber(text(p, "frame_mid_min", ""), "frame_mid_min");
				stage.set(Cohort.PET);
				ps.check();
				stage.set(Cohort.READ);
				s.pet(ps);
			}
			report.putAll(SubjectAnalysis.run(s, new ProgressListener() {

				@Override
				public void progress(final String step, final double fraction) {
					final String st = step.toLowerCase(java.util.Locale.ROOT);
					if (st.startsWith("reading")) stage.set(Cohort.READ);
					else if (st.startsWith("segment")) stage.set(Cohort.SEGMENT);
					else if (st.startsWith("pet")) stage.set(Cohort.PET);
					else stage.set(Cohort.WRITE);
				}

				@Override
				public boolean isCanceled() {
					return listener.isCanceled();
				}
			}).toMap());
		}
		if (qct != null) {
			ProgressListener.check(listener, "the femoral neck");
			stage.set(Cohort.QCT);
			final double cortical = number(p, "cortical_mgcm3", 350);
			if (!(cortical >= 1)) throw new BadInputException("cortical_mgcm3", "must be at least 1, got " + cortical);
			report.put("femoral_neck", NeckAnalysis.analyze(qct, CalibrationSpec.fromParameters(files.get("calibration"), text(p,
				"slope_mgcm3_per_hu", ""), text(p, "intercept_mgcm3", "")), text(p, "side", "both"), NeckAnalysis.parseWeight(text(p,
					"weight_kg", "")), cortical, name, out).toMap());
		}
		return report;
	}

	/**
	 * Checks cohort defaults (parameter -&gt; text) that can be checked before any subject is read, so
	 * that a bad default is one clear error instead of a failure of every subject: the SUV overrides
	 * (numbers in range, sex, times), the rate numbers, assume_aligned, the margin, the calibration
	 * (a file is read; or the slope and intercept pair).
	 */
	public static void checkDefaults(final Map<String, String> d) {
		org.marrowj.pet.SuvInputs.fromHeader(java.util.Collections.emptyMap()).applyOverrides(d);
		for (final String k : new String[] { "glucose_mmol", "ffa_mmol", "lc", "frame_mid_min", "cortical_hu", "cortical_mgcm3" })
			PetAnalysis.optionalNumber(d.get(k), k);
		bool(d, "assume_aligned");
		SubjectAnalysis.parseMargin(text(d, "margin_mm", "auto"));
		final String cal = text(d, "calibration", "");
		CalibrationSpec.fromParameters(cal.isEmpty() ? null : new File(cal), text(d, "slope_mgcm3_per_hu", ""), text(d,
			"intercept_mgcm3", ""));
	}

	private static String text(final Map<String, String> p, final String key, final String fallback) {
		final String v = p.get(key);
		return v == null || v.trim().isEmpty() ? fallback : v.trim();
	}

	private static double number(final Map<String, String> p, final String key, final double fallback) {
		final String v = text(p, key, "");
		if (v.isEmpty()) return fallback;
		try {
			final double d = Double.parseDouble(v);
			if (!Double.isFinite(d)) throw new NumberFormatException();
			return d;
		}
		catch (final NumberFormatException e) {
			throw new BadInputException(key, "'" + v + "' is not a number");
		}
	}

	private static boolean bool(final Map<String, String> p, final String key) {
		final String v = text(p, key, "false").toLowerCase(java.util.Locale.ROOT);
		if (v.equals("true") || v.equals("1") || v.equals("yes")) return true;
		if (v.equals("false") || v.equals("0") || v.equals("no")) return false;
		throw new BadInputException(key, "'" + v + "' is not true or false");
	}
}
