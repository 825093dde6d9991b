package org.marrowj.command;

import java.io.File;

import org.marrowj.pipeline.SubjectAnalysis;
import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * CT marrow analysis of one subject ({@link SubjectAnalysis#run}): reads the CT (and a label map),
 * segments the marrow of the site, and writes marrow_regions.csv, labels.nii.gz, labels.json, qc/ and
 * provenance.json into the output folder. Reports one JSON object: the folder, the files and the
 * rows.
 */
@Plugin(type = Command.class, menuPath = "Plugins>MarrowJ>Analyze Subject", headless = true,
	description = "One subject's CT marrow regions and their radiodensity (HU): table, label map, QC images and provenance in a folder")
public class AnalyzeSubject implements Command {

	@Parameter
	private Context context;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(label = "CT", persist = false,
		description = "The CT in HU: a DICOM series (folder or one file), a NIfTI file or a TIFF stack")
	private File ct;

	@Parameter(label = "Site", persist = false, choices = { "auto", "femoral_shaft", "vertebral_body", "labels" },
		description = "femoral_shaft: marrow inside the cortical ring; vertebral_body: cores of the vertebra labels; " +
			"labels: every label as it is; auto: vertebral_body when labels are given, else femoral_shaft")
	private String site = "auto";

	@Parameter(label = "Label map", persist = false, required = false,
		description = "Optional segmentation of this CT (e.g. TotalSegmentator NIfTI); another grid is resampled by world coordinates")
	private File labels;

	@Parameter(label = "Label scheme", persist = false, required = false,
		description = "totalsegmentator (v2 'total' ids), or id=name pairs such as 32=T12,31=L1")
	private String label_scheme = "totalsegmentator";

	@Parameter(label = "Cortical threshold (HU)", persist = false, description = "Femoral shaft: bone = HU >= cortical_hu")
	private double cortical_hu = 400;

	@Parameter(label = "Margin (mm)", persist = false, required = false, validater = "checkMargin",
		description = "Removed from the region wall; auto = the site's default (femoral_shaft 1.0, vertebral_body 4.0, labels 0)")
	private String margin_mm = "auto";

	@Parameter(label = "Subject", persist = false, required = false, description = "Subject name; empty = from the CT's file name")
	private String subject = "";

	@Parameter(label = "Output folder", persist = false, style = "directory", description = "Folder for the results (created)")
	private File out;

	@Parameter(type = ItemIO.OUTPUT, label = "Result (JSON)")
	private String json;

	@SuppressWarnings("unused")
	private void checkMargin() {
		SubjectAnalysis.parseMargin(margin_mm);
	}

	@Override
	public void run() {
		final SubjectAnalysis.Settings s = new SubjectAnalysis.Settings().ct(ct).labels(labels).out(out).site(site).labelScheme(
			label_scheme).cortical_hu(cortical_hu).margin_mm(SubjectAnalysis.parseMargin(margin_mm)).subject(subject);
		final SubjectAnalysis.Result r = SubjectAnalysis.run(s, (step, fraction) -> {
			if (status != null) status.showStatus((int) Math.round(100 * fraction), 100, "Analyze Subject: " + step);
		});
		json = Reports.emit(context, "Analyze Subject", r.toMap());
	}
}
