package org.marrowj.command;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.marrowj.image.ImagePlusAdapter;
import org.marrowj.pipeline.MarrowTable;
import org.marrowj.pipeline.Provenance;
import org.marrowj.pipeline.SubjectAnalysis;
import org.marrowj.pipeline.SubjectOutputs;
import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;

/**
 * Segments the marrow cavity of a CT ({@link SubjectAnalysis#segment}) and measures it. The CT is
 * the file {@code ct} when given, else the current image (Fiji); with an area ROI on that image the
 * femoral search is restricted to it on every slice. In Fiji the marrow is outlined on the image
 * (overlay, one ROI per region and slice, also in the ROI Manager), the statistics go to a Results
 * window and the label image is shown; headless it prints one JSON object, and with {@code out}
 * writes labels.nii.gz, labels.json, qc/, provenance.json and marrow_regions.csv there.
 */
@Plugin(type = Command.class, menuPath = "Plugins>MarrowJ>Marrow>Segment Marrow Cavity", headless = true,
	description = "Marrow cavity of the femoral shaft or vertebral bodies in a CT (HU) with its radiodensity. " +
		"CT: the file ct, or when empty the current image (its area ROI restricts the femoral search)")
public class SegmentMarrowCavity implements Command {

	@Parameter
	private Context context;

	@Parameter(label = "CT file", persist = false, required = false,
		description = "DICOM series, NIfTI or TIFF in HU; empty = the current image")
	private File ct;

	@Parameter(label = "Site", persist = false, choices = { "femoral_shaft", "vertebral_body", "labels" },
		description = "femoral_shaft: inside the cortical ring; vertebral_body: cores of the vertebra labels; labels: every label")
	private String site = "femoral_shaft";

	@Parameter(label = "Vertebral seed points (mm)", persist = false, required = false, validater = "checkSeeds",
		description = "Without a label map: level=x,y,z (world LPS mm of a point inside the vertebral body), e.g. 'L1=12,-40,310; L2=12,-38,345'")
	private String seeds_mm = "";

	@Parameter(label = "Cortical threshold (HU)", persist = false, description = "Femoral shaft: bone = HU >= cortical_hu")
	private double cortical_hu = 400;

	@Parameter(label = "Margin (mm)", persist = false, required = false, validater = "checkMargin",
		description = "Removed from the region wall; auto = the site's default (femoral_shaft 1.0, vertebral_body 4.0, labels 0)")
	private String margin_mm = "auto";

	@Parameter(label = "Label map", persist = false, required = false,
		description = "A label map file or the title of an open label image (needed for vertebral_body and labels)")
	private String labels = "";

	@Parameter(label = "Label scheme", persist = false, required = false,
		description = "totalsegmentator (v2 'total' ids), or id=name pairs such as 32=T12,31=L1")
	private String label_scheme = "totalsegmentator";

	@Parameter(label = "Output folder", persist = false, required = false, style = "directory",
		description = "Optional: folder for the label map, table, QC images and provenance")
	private File out;

	@Parameter(type = ItemIO.OUTPUT, label = "Marrow labels")
	private ImagePlus marrow;

	@Parameter(type = ItemIO.OUTPUT, label = "Marrow regions (CSV)")
	private String table;

	@Parameter(type = ItemIO.OUTPUT, label = "Result (JSON)")
	private String json;

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
		final long t0 = System.nanoTime();
		final List<String> warnings = new ArrayList<>();
		final MarrowInputs.Ct c = MarrowInputs.ct(ct, warnings);
		final SubjectAnalysis.Segmentation seg = SubjectAnalysis.segment(c.volume, MarrowInputs.labels(labels), SubjectAnalysis
			.labelTable(label_scheme), site, cortical_hu, SubjectAnalysis.parseMargin(margin_mm), MarrowInputs.roiMask(c.image), SubjectAnalysis
				.parseSeeds(seeds_mm));
		warnings.addAll(seg.warnings);
		final SubjectOutputs.LabelMap map = SubjectOutputs.labelMap(c.volume, seg.measured());
		marrow = ImagePlusAdapter.toImagePlus(map.volume, c.name + " marrow");
		table = MarrowTable.csv(c.name, seg.rows).toText();
		final Map<String, Object> report = new LinkedHashMap<>();
		report.put("ct", c.name);
		report.put("site", seg.site);
		report.put("margin_mm", seg.margin_mm);
		report.put("margin_mm_source", seg.marginGiven ? "given" : "site default");
		report.put("rows", MarrowTable.jsonRows(c.name, seg.rows));
		if (out != null) {
			final Provenance p = new Provenance().parameter("ct", ct == null ? c.name : ct).parameter("site", site)
				.parameter("labels", labels).parameter("label_scheme", label_scheme).parameter("cortical_hu", cortical_hu)
				.parameter("margin_mm", seg.margin_mm).parameter("margin_mm_source", seg.marginGiven ? "given" : "site default")
				.parameter("roi", c.image != null && c.image.getRoi() != null);
			try {
				if (ct != null) p.input("ct", ct);
				if (labels != null && new File(labels).isFile()) p.input("labels", new File(labels));
			}
			catch (final java.io.IOException e) {
				throw new org.marrowj.BadInputException("ct", "cannot read for its checksum: " + e.getMessage(), e);
			}
			report.put("out", out.getPath());
			report.put("files", SubjectAnalysis.write(out, c.volume, seg, c.name, p, warnings, new LinkedHashMap<>(), t0, null));
		}
		report.put("warnings", warnings);
		json = Reports.emit(context, "Segment Marrow Cavity", report);
		if (MarrowInputs.interactive(context)) show(c, seg);
	}

	private void show(final MarrowInputs.Ct c, final SubjectAnalysis.Segmentation seg) {
		final List<Roi> rois = MarrowDisplay.rois(seg.measured());
		final ImagePlus imp = c.image != null ? c.image : ImagePlusAdapter.toImagePlus(c.volume, c.name);
		imp.setOverlay(MarrowDisplay.overlay(rois));
		if (c.image == null) imp.show();
		RoiManager rm = RoiManager.getInstance();
		if (rm == null) rm = new RoiManager();
		for (final Roi r : rois)
			rm.addRoi((Roi) r.clone());
		MarrowDisplay.results(c.name, seg.rows).show("Marrow Regions");
	}
}
