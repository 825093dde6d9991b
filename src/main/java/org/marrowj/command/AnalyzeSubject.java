package org.marrowj.command;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

import org.marrowj.pipeline.Cohort;
import org.marrowj.pipeline.NeckAnalysis;
import org.marrowj.pipeline.PetAnalysis;
import org.marrowj.pipeline.ProgressListener;
import org.marrowj.pipeline.SubjectAnalysis;
import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * One subject, files in, folder out. CT marrow analysis ({@link SubjectAnalysis#run}): reads the CT (and a label map),
 * segments the marrow of the site, and writes marrow_regions.csv, labels.nii.gz, labels.json, qc/ and
 * provenance.json into the output folder. Reports one JSON object: the folder, the files and the
 * rows. With a PET: the SUV columns of every marrow region ({@link PetAnalysis}), a fusion picture in
 * qc/, and the SUV rule and value sources in provenance.json. With a QCT: femoral_neck.csv and its QC
 * pictures ({@link NeckAnalysis}, both sides). A CT, a QCT or both must be given.
 */
@Plugin(type = Command.class, menuPath = "Plugins>MarrowJ>Analyze Subject", headless = true,
	description = "One subject, files in, folder out: CT marrow regions and their radiodensity (HU), with a PET their SUV uptake, " +
		"with a hip QCT the femoral-neck geometry; tables, label map, QC images and provenance")
public class AnalyzeSubject implements Command {

	@Parameter
	private Context context;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(label = "CT", persist = false, required = false,
		description = "The CT in HU: a DICOM series (folder or one file), a NIfTI file or a TIFF stack")
	private File ct;

	@Parameter(label = "Site", persist = false, choices = { "auto", "femoral_shaft", "vertebral_body", "labels" },
		description = "femoral_shaft: marrow inside the cortical ring; vertebral_body: cores of the vertebra labels; " +
			"labels: every label as it is; auto: vertebral_body when labels or seeds_mm are given, else femoral_shaft")
	private String site = "auto";

	@Parameter(label = "Label map", persist = false, required = false,
		description = "Optional segmentation of this CT (e.g. TotalSegmentator NIfTI); another grid is resampled by world coordinates")
	private File labels;

	@Parameter(label = "Label scheme", persist = false, required = false,
		description = "totalsegmentator (v2 'total' ids), or id=name pairs such as 32=T12,31=L1")
	private String label_scheme = "totalsegmentator";

	@Parameter(label = "Vertebral seed points (mm)", persist = false, required = false, validater = "checkSeeds",
		description = "Without a label map: level=x,y,z (world LPS mm of a point inside the vertebral body), e.g. 'L1=12,-40,310; L2=12,-38,345'")
	private String seeds_mm = "";

	@Parameter(label = "Cortical threshold (HU)", persist = false, description = "Femoral shaft: bone = HU >= cortical_hu")
	private double cortical_hu = 400;

	@Parameter(label = "Margin (mm)", persist = false, required = false, validater = "checkMargin",
		description = "Removed from the region wall; auto = the site's default (femoral_shaft 1.0, vertebral_body 4.0 from labels or 1.0 from seeds_mm, labels 0)")
	private String margin_mm = "auto";

	@Parameter(label = "Subject", persist = false, required = false, description = "Subject name; empty = from the CT's file name")
	private String subject = "";

	@Parameter(label = "Output folder", persist = false, style = "directory", description = "Folder for the results (created)")
	private File out;

	@Parameter(label = "PET", persist = false, required = false,
		description = "Optional PET of the same frame of reference (DICOM or NIfTI): SUV columns in marrow_regions.csv, a fusion picture in qc/")
	private File pet;

	@Parameter(label = "Tracer", persist = false, choices = { "fdg", "ftha" })
	private String tracer = "fdg";

	@Parameter(label = "SUV type", persist = false, choices = { "bw", "lbm_james", "lbm_janma", "bsa", "ibw" })
	private String suv_type = "bw";

	@Parameter(label = "Dose (MBq)", persist = false, required = false, description = "Injected dose; empty = from the PET header")
	private String dose_mbq = "";

	@Parameter(label = "Weight (kg)", persist = false, required = false,
		description = "Body weight for SUV and the femoral-neck strength indices; empty = from the PET / QCT DICOM header")
	private String weight_kg = "";

	@Parameter(label = "Height (cm)", persist = false, required = false, description = "empty = from the PET header")
	private String height_cm = "";

	@Parameter(label = "Sex", persist = false, required = false, description = "M or F; empty = from the PET header")
	private String sex = "";

	@Parameter(label = "Injection time", persist = false, required = false, description = "HH:MM[:SS] or YYYY-MM-DD HH:MM:SS")
	private String injection_time = "";

	@Parameter(label = "Scan start time", persist = false, required = false, description = "HH:MM[:SS] or YYYY-MM-DD HH:MM:SS")
	private String scan_time = "";

	@Parameter(label = "Half-life (s)", persist = false, required = false, description = "empty = from the PET header")
	private String half_life_s = "";

	@Parameter(label = "Assume aligned", persist = false,
		description = "Accept a PET and CT with different FrameOfReferenceUIDs as aligned in world coordinates")
	private boolean assume_aligned = false;

	@Parameter(label = "Input function (CSV)", persist = false, required = false,
		description = "Plasma input function (time_min, activity_kbq_ml): adds fur_per_min and uptake_umol_100g_min")
	private File input_function;

	@Parameter(label = "Plasma glucose (mmol/L)", persist = false, required = false)
	private String glucose_mmol = "";

	@Parameter(label = "Plasma FFA (mmol/L)", persist = false, required = false)
	private String ffa_mmol = "";

	@Parameter(label = "Lumped constant", persist = false, required = false, description = "Required for FDG with an input function")
	private String lc = "";

	@Parameter(label = "Frame mid time (min)", persist = false, required = false,
		description = "Minutes after injection; empty = from the PET header")
	private String frame_mid_min = "";

	@Parameter(label = "QCT (hip)", persist = false, required = false,
		description = "A hip QCT for femoral-neck geometry (HU with a calibration below, or already in mg/cm^3): writes femoral_neck.csv")
	private File qct;

	@Parameter(label = "QCT calibration (calibration.json)", persist = false, required = false,
		description = "From Calibrate QCT Phantom; or give slope_mgcm3_per_hu and intercept_mgcm3")
	private File calibration;

	@Parameter(label = "Slope (mg/cm^3 per HU)", persist = false, required = false, validater = "checkCalibration",
		description = "density = slope x HU + intercept")
	private String slope_mgcm3_per_hu = "";

	@Parameter(label = "Intercept (mg/cm^3)", persist = false, required = false, validater = "checkCalibration")
	private String intercept_mgcm3 = "";

	@Parameter(label = "Femoral neck side", persist = false, choices = { "both", "left", "right" },
		description = "both: the field is split at the image centre's world x and each half analysed")
	private String side = "both";

	@Parameter(label = "Cortical threshold (mg/cm^3)", persist = false, min = "1", description = "Femoral neck: cortical bone >= cortical_mgcm3")
	private double cortical_mgcm3 = 350;

	@Parameter(type = ItemIO.OUTPUT, label = "Result (JSON)")
	private String json;

	@SuppressWarnings("unused")
	private void checkCalibration() {
		PetAnalysis.optionalNumber(slope_mgcm3_per_hu, "slope_mgcm3_per_hu");
		PetAnalysis.optionalNumber(intercept_mgcm3, "intercept_mgcm3");
	}

	@SuppressWarnings("unused")
	private void checkSeeds() {
		SubjectAnalysis.parseSeeds(seeds_mm);
	}

	@SuppressWarnings("unused")
	private void checkMargin() {
		SubjectAnalysis.parseMargin(margin_mm);
	}

	@Override
	public void run() {
		final Map<String, String> p = new LinkedHashMap<>();
		p.put("site", site);
		p.put("label_scheme", label_scheme);
		p.put("cortical_hu", Double.toString(cortical_hu));
		p.put("margin_mm", margin_mm);
		p.put("seeds_mm", seeds_mm);
		p.put("tracer", tracer);
		p.put("suv_type", suv_type);
		p.put("dose_mbq", dose_mbq);
		p.put("weight_kg", weight_kg);
		p.put("height_cm", height_cm);
		p.put("sex", sex);
		p.put("injection_time", injection_time);
		p.put("scan_time", scan_time);
		p.put("half_life_s", half_life_s);
		p.put("assume_aligned", Boolean.toString(assume_aligned));
		p.put("glucose_mmol", glucose_mmol);
		p.put("ffa_mmol", ffa_mmol);
		p.put("lc", lc);
		p.put("frame_mid_min", frame_mid_min);
		p.put("slope_mgcm3_per_hu", slope_mgcm3_per_hu);
		p.put("intercept_mgcm3", intercept_mgcm3);
		p.put("side", side);
		p.put("cortical_mgcm3", Double.toString(cortical_mgcm3));
		final Map<String, File> files = new LinkedHashMap<>();
		for (final Object[] f : new Object[][] { { "ct", ct }, { "labels", labels }, { "pet", pet }, { "input_function", input_function },
			{ "qct", qct }, { "calibration", calibration } })
			if (f[1] != null) files.put((String) f[0], (File) f[1]);
		final Map<String, Object> report = CohortSubjects.analyze(p, files, subject, out, new Cohort.Stage(), new ProgressListener() {

			@Override
			public void progress(final String step, final double fraction) {
				if (status != null) status.showStatus((int) Math.round(100 * fraction), 100, "Analyze Subject: " + step);
			}
		});
		json = Reports.emit(context, "Analyze Subject", report);
	}
}
