package org.marrowj.command;

import java.io.File;
import java.util.Map;

import org.marrowj.pipeline.Cohort;
import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Every subject of a manifest through Analyze Subject's analysis ({@link Cohort}): one folder per
 * subject, resumable (a subject whose stamp matches its inputs and parameters is skipped), failures
 * isolated in errors.csv, the subjects' tables combined in the output folder. One line per subject on
 * standard error (and the status bar). Every Analyze Subject parameter that is not an input file of one
 * subject is also a cohort default here (a manifest cell overrides it); the defaults are checked once
 * before any subject runs. Reports one JSON object: subjects processed, skipped, failed, files.
 */
@Plugin(type = Command.class, menuPath = "Plugins>MarrowJ>Analyze Cohort", headless = true,
	description = "A manifest of subjects through Analyze Subject: per-subject folders, resumable, combined tables and errors.csv")
public class AnalyzeCohort extends ContextCommand {

	@Parameter(required = false)
	private StatusService status;

	@Parameter(label = "Manifest (CSV)", persist = false, required = false,
		description = "Columns: subject, optional visit, and Analyze Subject parameters (ct, labels, pet, qct, weight_kg, site, ...); " +
			"paths relative to the manifest's folder; a cell overrides the cohort default. Not needed with merge")
	private File manifest;

	@Parameter(label = "Output folder", persist = false, style = "directory", description = "out/<subject>[_<visit>]/ and the combined tables")
	private File out;

	@Parameter(label = "Threads (subjects in parallel)", persist = false, min = "1")
	private int threads = 1;

	@Parameter(label = "Resume", persist = false, description = "Skip subjects whose folder is complete with the same inputs and parameters")
	private boolean resume = true;

	@Parameter(label = "Shard", persist = false, required = false,
		description = "i/n: this run takes the manifest's subjects i, i+n, ...; merge afterwards")
	private String shard = "1/1";

	@Parameter(label = "Merge only", persist = false, description = "Only combine the complete subject folders and shard error files in out")
	private boolean merge = false;

	@Parameter(label = "Site (default)", persist = false, choices = { "auto", "femoral_shaft", "vertebral_body", "labels" })
	private String site = "auto";

	@Parameter(label = "Label scheme (default)", persist = false, required = false)
	private String label_scheme = "totalsegmentator";

	@Parameter(label = "Cortical threshold (HU, default)", persist = false)
	private double cortical_hu = 400;

	@Parameter(label = "Margin (mm, default)", persist = false, required = false, description = "auto = the site's default")
	private String margin_mm = "auto";

	@Parameter(label = "SUV type (default)", persist = false, choices = { "bw", "lbm_james", "lbm_janma", "bsa", "ibw" })
	private String suv_type = "bw";

	@Parameter(label = "Tracer (default)", persist = false, choices = { "fdg", "ftha" })
	private String tracer = "fdg";

	@Parameter(label = "Dose (MBq, default)", persist = false, required = false, description = "empty = each PET's header")
	private String dose_mbq = "";

	@Parameter(label = "Weight (kg, default)", persist = false, required = false, description = "empty = each PET / QCT header")
	private String weight_kg = "";

	@Parameter(label = "Height (cm, default)", persist = false, required = false, description = "empty = each PET's header")
	private String height_cm = "";

	@Parameter(label = "Sex (default)", persist = false, required = false, description = "M or F; empty = each PET's header")
	private String sex = "";

	@Parameter(label = "Injection time (default)", persist = false, required = false, description = "HH:MM[:SS] or YYYY-MM-DD HH:MM:SS")
	private String injection_time = "";

	@Parameter(label = "Scan start time (default)", persist = false, required = false, description = "HH:MM[:SS] or YYYY-MM-DD HH:MM:SS")
	private String scan_time = "";

	@Parameter(label = "Half-life (s, default)", persist = false, required = false, description = "empty = each PET's header")
	private String half_life_s = "";

	@Parameter(label = "Assume aligned (default)", persist = false,
		description = "Accept PETs and CTs with different FrameOfReferenceUIDs as aligned in world coordinates")
	private boolean assume_aligned = false;

	@Parameter(label = "Plasma glucose (mmol/L, default)", persist = false, required = false)
	private String glucose_mmol = "";

	@Parameter(label = "Plasma FFA (mmol/L, default)", persist = false, required = false)
	private String ffa_mmol = "";

	@Parameter(label = "Lumped constant (default)", persist = false, required = false, description = "Required for FDG with an input function")
	private String lc = "";

	@Parameter(label = "Frame mid time (min, default)", persist = false, required = false, description = "empty = each PET's header")
	private String frame_mid_min = "";

	@Parameter(label = "QCT calibration (calibration.json, default)", persist = false, required = false,
		description = "One phantom calibration for every QCT without its own; or give slope_mgcm3_per_hu and intercept_mgcm3")
	private File calibration;

	@Parameter(label = "Slope (mg/cm^3 per HU, default)", persist = false, required = false)
	private String slope_mgcm3_per_hu = "";

	@Parameter(label = "Intercept (mg/cm^3, default)", persist = false, required = false)
	private String intercept_mgcm3 = "";

	@Parameter(label = "Femoral neck side (default)", persist = false, choices = { "both", "left", "right" })
	private String side = "both";

	@Parameter(label = "Cortical threshold (mg/cm^3, default)", persist = false, min = "1")
	private double cortical_mgcm3 = 350;

	@Parameter(type = ItemIO.OUTPUT, label = "Result (JSON)")
	private String json;

	@Override
	public void run() {
		final Cohort.Settings s = new Cohort.Settings();
		s.manifest = manifest;
		s.out = out;
		s.threads = threads;
		s.resume = resume;
		s.shard = shard == null || shard.trim().isEmpty() ? "1/1" : shard;
		s.merge = merge;
		final Map<String, String> d = s.defaults;
		d.put("site", site);
		d.put("label_scheme", label_scheme);
		d.put("cortical_hu", org.marrowj.io.Csv.formatDouble(cortical_hu));
		d.put("margin_mm", margin_mm);
		d.put("suv_type", suv_type);
		d.put("tracer", tracer);
		d.put("side", side);
		d.put("cortical_mgcm3", org.marrowj.io.Csv.formatDouble(cortical_mgcm3));
		d.put("dose_mbq", dose_mbq);
		d.put("weight_kg", weight_kg);
		d.put("height_cm", height_cm);
		d.put("sex", sex);
		d.put("injection_time", injection_time);
		d.put("scan_time", scan_time);
		d.put("half_life_s", half_life_s);
		if (assume_aligned) d.put("assume_aligned", "true");
		d.put("glucose_mmol", glucose_mmol);
		d.put("ffa_mmol", ffa_mmol);
		d.put("lc", lc);
		d.put("frame_mid_min", frame_mid_min);
		if (calibration != null && !calibration.getPath().isEmpty()) d.put("calibration", calibration.getAbsolutePath());
		d.put("slope_mgcm3_per_hu", slope_mgcm3_per_hu);
		d.put("intercept_mgcm3", intercept_mgcm3);
		if (!merge) CohortSubjects.checkDefaults(d);
		final Thread command = Thread.currentThread();
		final Context context = getContext();
		final boolean gui = !java.awt.GraphicsEnvironment.isHeadless() && !Reports.launched(context);
		if (gui) ij.IJ.resetEscape();
		final Cohort.Result r;
		try {
			r = Cohort.run(s, new CohortSubjects(), new Cohort.Listener() {

				private volatile String last = "";

				@Override
				public void subjectDone(final String line) {
					System.err.println(line);
					System.err.flush();
					last = line;
				}

				/** Fiji's status bar and progress bar: subjects done of the run's total. */
				@Override
				public void progress(final int done, final int total) {
					if (status != null) status.showStatus(done, total, "Analyze Cohort " + (done == 0 ? total + " subjects" : last) +
						(gui ? " (Esc stops)" : ""));
				}

				/**
				 * An interrupt of the command's thread, or Esc in Fiji, stops the cohort between subjects (the
				 * subjects done so far keep their complete folders; a rerun resumes).
				 */
				@Override
				public boolean isCanceled() {
					return command.isInterrupted() || gui && ij.IJ.escapePressed();
				}
			});
		}
		catch (final java.util.concurrent.CancellationException e) {
			final String why = "Analyze Cohort stopped" + (gui && ij.IJ.escapePressed() ? " (Esc) " : " ") + e.getMessage();
			if (status != null) status.showStatus(why);
			if (gui) ij.IJ.log(why);
			cancel(why);
			return;
		}
		json = Reports.emit(context, "Analyze Cohort", r.toMap());
	}
}
