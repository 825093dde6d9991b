package org.marrowj.command;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.marrowj.BadInputException;
import org.marrowj.image.Volume;
import org.marrowj.io.ImageReaders;
import org.marrowj.pet.PetCtMapping;
import org.marrowj.pipeline.CtInput;
import org.marrowj.pipeline.PetAnalysis;
import org.marrowj.pipeline.PetFusion;
import org.marrowj.pipeline.SubjectAnalysis;
import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.type.numeric.real.FloatType;

/**
 * The SUV resampled onto the CT by world coordinates ({@link PetFusion}) in a hot colour table over
 * the grey CT, with optional marrow outlines. Headless (or with {@code out}): QC PNGs in the output
 * folder (an axial slice through each region, a coronal). With a display: the CT as an ImagePlus
 * with the resampled PET as an overlay image per slice.
 */
@Plugin(type = Command.class, menuPath = "Plugins>MarrowJ>PET>Fuse PET on CT", headless = true,
	description = "SUV over the CT in a hot colour table, with marrow outlines: PNGs headless, an overlay in Fiji")
public class FusePetOnCt implements Command {

	@Parameter
	private Context context;

	@Parameter(label = "CT", persist = false, description = "CT in HU: DICOM series, NIfTI or TIFF")
	private File ct;

	@Parameter(label = "PET", persist = false, description = "PET: DICOM series (folder or one file) or NIfTI (Bq/mL)")
	private File pet;

	@Parameter(label = "Label map", persist = false, required = false,
		description = "Optional marrow label map to outline (e.g. Analyze Subject's labels.nii.gz)")
	private File labels;

	@Parameter(label = "Label scheme", persist = false, required = false, description = "Names of the labels; empty = label_<id>")
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

	@Parameter(label = "SUV window minimum", persist = false, description = "SUV shown transparent at and below this")
	private double suv_min = 0;

	@Parameter(label = "SUV window maximum", persist = false, description = "SUV shown white at and above this")
	private double suv_max = 5;

	@Parameter(label = "Opacity", persist = false, min = "0", max = "1", stepSize = "0.05")
	private double opacity = 0.5;

	@Parameter(label = "Assume aligned", persist = false,
		description = "Accept a PET and CT with different FrameOfReferenceUIDs as aligned in world coordinates")
	private boolean assume_aligned = false;

	@Parameter(label = "Output folder", persist = false, required = false, style = "directory",
		description = "Folder for the PNGs (needed headless)")
	private File out;

	@Parameter(type = ItemIO.OUTPUT, label = "Fusion")
	private ij.ImagePlus fusion;

	@Parameter(type = ItemIO.OUTPUT, label = "Result (JSON)")
	private String json;

	@Override
	public void run() {
		PetFusion.check(suv_min, suv_max, opacity);
		final boolean interactive = MarrowInputs.interactive(context);
		if (out == null && !interactive) throw new BadInputException("out", "an output folder is needed headless");
		final List<String> warnings = new ArrayList<>();
		final Volume<?> c = CtInput.open(ct, "ct", warnings);
		final PetAnalysis.Pet p = PetAnalysis.open(pet, suv_type, PetAnalysis.overrides(dose_mbq, weight_kg, height_cm, sex,
			injection_time, scan_time, half_life_s));
		warnings.addAll(p.warnings);
		warnings.addAll(new PetCtMapping(p.suv, c, assume_aligned).warnings());
		final List<PetFusion.Region> regions = labels == null ? new ArrayList<>() : PetFusion.regions(c, ImageReaders.open(labels),
			SubjectAnalysis.labelTable(label_scheme));
		final Map<String, Object> report = new LinkedHashMap<>();
		report.put("ct", ct.getPath());
		report.put("pet", pet.getPath());
		report.put("suv_factor", p.suvResult.suvFactor());
		report.put("suv_min", suv_min);
		report.put("suv_max", suv_max);
		report.put("opacity", opacity);
		report.put("regions", regions.size());
		if (out != null) {
			try {
				report.put("files", PetFusion.write(c, p.suv, regions, suv_min, suv_max, opacity, out));
			}
			catch (final IOException e) {
				throw new BadInputException(out, "cannot write: " + e.getMessage(), e);
			}
			report.put("out", out.getPath());
		}
		report.put("warnings", warnings);
		if (interactive) fusion = FusionDisplay.overlay(c, p.suv, suv_min, suv_max, opacity);
		json = Reports.emit(context, "Fuse PET on CT", report);
		if (interactive && fusion != null) fusion.show();
	}
}
