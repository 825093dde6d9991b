package org.marrowj.command;

import java.io.File;
import java.util.Map;

import org.marrowj.BadInputException;
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
		final Map<String, String> p = subject.parameters;
		final File ct = subject.files.get("ct"), qct = subject.files.get("qct");
		if (ct == null && qct == null) throw new BadInputException("ct", "give a CT (marrow regions) and/or a qct (femoral neck)");
		if (ct != null) {
			final SubjectAnalysis.Settings s = new SubjectAnalysis.Settings().ct(ct).labels(subject.files.get("labels")).out(out)
				.site(text(p, "site", "auto")).labelScheme(text(p, "label_scheme", "totalsegmentator")).cortical_hu(number(p,
					"cortical_hu", 400)).margin_mm(SubjectAnalysis.parseMargin(text(p, "margin_mm", "auto"))).subject(subject.name)
				.seeds_mm(SubjectAnalysis.parseSeeds(text(p, "seeds_mm", "")));
			final File pet = subject.files.get("pet");
			if (pet != null) {
				stage.set(Cohort.PET);
				final PetAnalysis.SubjectSettings ps = new PetAnalysis.SubjectSettings();
				ps.pet = pet;
				ps.tracer = text(p, "tracer", "fdg");
				ps.suv_type = text(p, "suv_type", "bw");
				ps.overrides = PetAnalysis.overrides(text(p, "dose_mbq", ""), text(p, "weight_kg", ""), text(p, "height_cm", ""), text(p,
					"sex", ""), text(p, "injection_time", ""), text(p, "scan_time", ""), text(p, "half_life_s", ""));
				ps.assume_aligned = bool(p, "assume_aligned");
				ps.input_function = subject.files.get("input_function");
				ps.glucose_mmol = PetAnalysis.optionalNumber(text(p, "glucose_mmol", ""), "glucose_mmol");
				ps.ffa_mmol = PetAnalysis.optionalNumber(text(p, "ffa_mmol", ""), "ffa_mmol");
				ps.lc = PetAnalysis.optionalNumber(text(p, "lc", ""), "lc");
				ps.frame_mid_min = PetAnalysis.optionalNumber(text(p, "frame_mid_min", ""), "frame_mid_min");
				stage.set(Cohort.PET);
				ps.check();
				stage.set(Cohort.READ);
				s.pet(ps);
			}
			SubjectAnalysis.run(s, new ProgressListener() {

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
			});
		}
		if (qct != null) {
			ProgressListener.check(listener, "the femoral neck");
			stage.set(Cohort.QCT);
			final double cortical = number(p, "cortical_mgcm3", 350);
			if (!(cortical >= 1)) throw new BadInputException("cortical_mgcm3", "must be at least 1, got " + cortical);
			NeckAnalysis.analyze(qct, FemoralNeckGeometry.spec(subject.files.get("calibration"), text(p, "slope_mgcm3_per_hu", ""),
				text(p, "intercept_mgcm3", "")), text(p, "side", "both"), FemoralNeckGeometry.weight(text(p, "weight_kg", "")), cortical,
				subject.name, out);
		}
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
