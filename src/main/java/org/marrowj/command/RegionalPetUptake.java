package org.marrowj.command;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.marrowj.BadInputException;
import org.marrowj.io.Csv;
import org.marrowj.pet.RegionalUptake;
import org.marrowj.pet.UptakeRate;
import org.marrowj.pipeline.PetAnalysis;
import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * SUV per label of a label map on any grid ({@link RegionalUptake} through {@link PetAnalysis}): one
 * row per label with label, region, voxels, suv_mean, suv_sd, suv_max, suv_peak, status, and with an
 * input function fur_per_min and uptake_umol_100g_min (Turku method, {@link UptakeRate}). The labels
 * may be a DICOM SEG (its segments are the labels). One JSON object; a CSV with {@code out}.
 */
@Plugin(type = Command.class, menuPath = "Plugins>MarrowJ>PET>Regional PET Uptake", headless = true,
	description = "SUV mean, SD, max and peak per label (label map or DICOM SEG on any grid), optionally uptake rates from an input function")
public class RegionalPetUptake implements Command {

	/** The table's columns; the last two only with an input function. */
	public static final List<String> COLUMNS = Arrays.asList("label", "region", "voxels", "suv_mean", "suv_sd", "suv_max", "suv_peak",
		"status");
	public static final List<String> RATE_COLUMNS = Arrays.asList("fur_per_min", "uptake_umol_100g_min");

	@Parameter
	private Context context;

	@Parameter(label = "PET", persist = false, description = "PET: DICOM series (folder or one file) or NIfTI (Bq/mL)")
	private File pet;

	@Parameter(label = "Label map", persist = false,
		description = "Label image on any grid sharing the PET's frame of reference (e.g. the CT's), or a DICOM SEG")
	private File labels;

	@Parameter(label = "Label scheme", persist = false, required = false,
		description = "totalsegmentator, id=name pairs, or empty (a DICOM SEG names its own segments)")
	private String label_scheme = "";

	@Parameter(label = "SUV type", persist = false, choices = { "bw", "lbm_james", "lbm_janma", "bsa", "ibw" })
	private String suv_type = "bw";

	@Parameter(label = "Dose (MBq)", persist = false, required = false)
	private String dose_mbq = "";

	@Parameter(label = "Weight (kg)", persist = false, required = false)
	private String weight_kg = "";

	@Parameter(label = "Height (cm)", persist = false, required = false)
	private String height_cm = "";

	@Parameter(label = "Sex", persist = false, required = false)
	private String sex = "";

	@Parameter(label = "Injection time", persist = false, required = false)
	private String injection_time = "";

	@Parameter(label = "Scan start time", persist = false, required = false)
	private String scan_time = "";

	@Parameter(label = "Half-life (s)", persist = false, required = false)
	private String half_life_s = "";

	@Parameter(label = "Shrink (mm)", persist = false, min = "0", description = "Shrink each label by this distance first")
	private double shrink_mm = 0;

	@Parameter(label = "Assume aligned", persist = false,
		description = "Accept a PET and labels with different FrameOfReferenceUIDs as aligned in world coordinates")
	private boolean assume_aligned = false;

	@Parameter(label = "Input function (CSV)", persist = false, required = false,
		description = "Plasma input function: time_min, activity_kbq_ml (decay corrected to injection)")
	private File input_function;

	@Parameter(label = "Tracer", persist = false, choices = { "fdg", "ftha" })
	private String tracer = "fdg";

	@Parameter(label = "Plasma glucose (mmol/L)", persist = false, required = false)
	private String glucose_mmol = "";

	@Parameter(label = "Plasma FFA (mmol/L)", persist = false, required = false)
	private String ffa_mmol = "";

	@Parameter(label = "Lumped constant", persist = false, required = false, description = "Required for FDG with an input function")
	private String lc = "";

	@Parameter(label = "Tissue density (g/mL)", persist = false, required = false, description = "empty = 1.0")
	private String density_g_ml = "";

	@Parameter(label = "Frame mid time (min)", persist = false, required = false,
		description = "Minutes after injection; empty = from the header (scan start - injection + frame duration / 2)")
	private String frame_mid_min = "";

	@Parameter(label = "Output CSV", persist = false, required = false, style = "save")
	private File out;

	@Parameter(type = ItemIO.OUTPUT, label = "Regional uptake (CSV)")
	private String table;

	@Parameter(type = ItemIO.OUTPUT, label = "Result (JSON)")
	private String json;

	@Override
	public void run() {
		final PetAnalysis.RateSettings rs = new PetAnalysis.RateSettings();
		rs.tracer = tracer;
		rs.lc = PetAnalysis.optionalNumber(lc, "lc");
		rs.density_g_ml = PetAnalysis.optionalNumber(density_g_ml, "density_g_ml");
		rs.plasma_mmol = "ftha".equalsIgnoreCase(tracer) ? PetAnalysis.optionalNumber(ffa_mmol, "ffa_mmol") : PetAnalysis
			.optionalNumber(glucose_mmol, "glucose_mmol");
		rs.frame_mid_min = PetAnalysis.optionalNumber(frame_mid_min, "frame_mid_min");
		final UptakeRate.InputFunction input = input_function == null ? null : UptakeRate.InputFunction.read(input_function);
		if (input != null && "fdg".equalsIgnoreCase(tracer) && rs.lc == null) throw new BadInputException("lc",
			"the FDG lumped constant must be given with an input function: none has been measured for bone marrow");
		final PetAnalysis.Pet p = PetAnalysis.open(pet, suv_type, PetAnalysis.overrides(dose_mbq, weight_kg, height_cm, sex,
			injection_time, scan_time, half_life_s));
		final PetAnalysis.Labels lab = PetAnalysis.labels(labels, label_scheme);
		final RegionalUptake.Result r = PetAnalysis.regional(p, lab, shrink_mm, assume_aligned);
		final List<String> warnings = new ArrayList<>(p.warnings);
		warnings.addAll(r.warnings());
		final List<String> notes = new ArrayList<>();
		final Double tMid = input == null ? null : PetAnalysis.frameMid_min(p, rs.frame_mid_min, notes);
		final List<String> cols = new ArrayList<>(COLUMNS);
		if (input != null) cols.addAll(RATE_COLUMNS);
		final Csv csv = new Csv(cols);
		final List<Map<String, Object>> rows = new ArrayList<>();
		for (final RegionalUptake.Row row : r.rows()) {
			final Map<String, Object> m = new LinkedHashMap<>();
			m.put("label", row.label);
			m.put("region", row.name);
			m.put("voxels", row.voxels);
			m.put("suv_mean", row.suv_mean);
			m.put("suv_sd", row.suv_sd);
			m.put("suv_max", row.suv_max);
			m.put("suv_peak", row.suv_peak);
			m.put("status", row.status);
			if (input != null) {
				final UptakeRate.Result u = row.ok() ? PetAnalysis.rate(p, row.suv_mean, input, rs, tMid) : null;
				m.put("fur_per_min", u == null ? null : u.fur_per_min);
				m.put("uptake_umol_100g_min", u == null ? null : u.uptake_umol_100g_min);
			}
			csv.add(m);
			rows.add(m);
		}
		table = csv.toText();
		final Map<String, Object> report = new LinkedHashMap<>();
		report.put("pet", pet.getPath());
		report.put("labels", labels.getPath());
		report.put("shrink_mm", shrink_mm);
		report.put("suv", p.suvResult.toMap());
		if (input != null) {
			report.put("tracer", tracer);
			report.put("frame_mid_min", tMid);
			report.put("lc", rs.lc);
			report.put("notes", notes);
		}
		report.put("rows", rows);
		if (out != null) {
			try {
				csv.write(out);
			}
			catch (final IOException e) {
				throw new BadInputException(out, "cannot write: " + e.getMessage(), e);
			}
			report.put("out", out.getPath());
		}
		report.put("warnings", warnings);
		json = Reports.emit(context, "Regional PET Uptake", report);
	}
}
