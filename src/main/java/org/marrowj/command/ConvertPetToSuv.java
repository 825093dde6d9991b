package org.marrowj.command;

import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.marrowj.BadInputException;
import org.marrowj.io.AtomicFiles;
import org.marrowj.io.Json;
import org.marrowj.pipeline.PetAnalysis;
import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * A PET converted to SUV ({@link PetAnalysis#open}): SUV = rescaled value x suv_factor, voxel by
 * voxel, geometry kept, written as a float NIfTI. The factor follows the QIBA vendor-neutral rules
 * from the DICOM header; any override replaces the header's value. A PET without DICOM header
 * (NIfTI) needs the overrides. Reports one JSON object: suv_factor, suv_type, suv_max, scan start,
 * injection, decay factor, rules and every value's source; the same object is written beside the
 * image as its sidecar ({@code suv.nii.gz} -&gt; {@code suv.json}), after the image, so a sidecar
 * means a complete conversion.
 */
@Plugin(type = Command.class, menuPath = "Plugins>MarrowJ>PET>Convert PET to SUV", headless = true,
	description = "PET (DICOM or NIfTI) to an SUV image by the QIBA rules, with the factor and its sources")
public class ConvertPetToSuv implements Command {

	@Parameter
	private Context context;

	@Parameter(label = "PET", persist = false, description = "PET: DICOM series (folder or one file) or NIfTI (Bq/mL)")
	private File pet;

	@Parameter(label = "Output SUV image", persist = false, style = "save",
		description = "SUV image file (.nii.gz); its report goes beside it as .json")
	private File out;

	@Parameter(label = "SUV type", persist = false, choices = { "bw", "lbm_james", "lbm_janma", "bsa", "ibw" },
		description = "bw body weight; lbm_james, lbm_janma lean body mass (SUL); bsa body surface area (DuBois); ibw ideal body weight")
	private String suv_type = "bw";

	@Parameter(label = "Dose (MBq)", persist = false, required = false, description = "Injected dose; empty = from the header")
	private String dose_mbq = "";

	@Parameter(label = "Weight (kg)", persist = false, required = false, description = "Patient weight; empty = from the header")
	private String weight_kg = "";

	@Parameter(label = "Height (cm)", persist = false, required = false, description = "Patient height; empty = from the header")
	private String height_cm = "";

	@Parameter(label = "Sex", persist = false, required = false, description = "M or F; empty = from the header")
	private String sex = "";

	@Parameter(label = "Injection time", persist = false, required = false,
		description = "HH:MM[:SS] or YYYY-MM-DD HH:MM:SS; empty = from the header")
	private String injection_time = "";

	@Parameter(label = "Scan start time", persist = false, required = false,
		description = "HH:MM[:SS] or YYYY-MM-DD HH:MM:SS; empty = from the header")
	private String scan_time = "";

	@Parameter(label = "Half-life (s)", persist = false, required = false, description = "Radionuclide half-life; empty = from the header")
	private String half_life_s = "";

	@Parameter(type = ItemIO.OUTPUT, label = "Result (JSON)")
	private String json;

	@Override
	public void run() {
		final PetAnalysis.Pet p = PetAnalysis.open(pet, suv_type, PetAnalysis.overrides(dose_mbq, weight_kg, height_cm, sex,
			injection_time, scan_time, half_life_s));
		PetAnalysis.writeSuv(p, out);
		final Map<String, Object> report = new LinkedHashMap<>();
		report.put("pet", pet.getPath());
		report.put("out", out.getPath());
		report.putAll(p.toMap());
		final File sidecar = PetAnalysis.suvSidecar(out);
		try {
			AtomicFiles.writeText(sidecar, Json.pretty(report) + "\n");
		}
		catch (final IOException e) {
			throw new BadInputException(sidecar, "cannot write: " + e.getMessage(), e);
		}
		report.put("sidecar", sidecar.getPath());
		json = Reports.emit(context, "Convert PET to SUV", report);
	}
}
