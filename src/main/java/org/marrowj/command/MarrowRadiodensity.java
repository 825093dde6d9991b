package org.marrowj.command;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.marrowj.BadInputException;
import org.marrowj.image.Volume;
import org.marrowj.io.Csv;
import org.marrowj.pipeline.MarrowTable;
import org.marrowj.pipeline.SubjectAnalysis;
import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Radiodensity (HU) of every label of a label map over a CT ({@link org.marrowj.pipeline.LabelRegions}):
 * voxels, volume_ml, hu_mean, hu_sd, hu_median, hu_p05, hu_p95 per label, each label optionally
 * shrunk by margin_mm first. The CT is the file {@code ct}, or when empty the current image. The
 * table has the columns of marrow_regions.csv (site = label); Results window in Fiji, one JSON object
 * headless, a CSV file with {@code out}.
 */
@Plugin(type = Command.class, menuPath = "Plugins>MarrowJ>Marrow>Marrow Radiodensity", headless = true,
	description = "HU statistics of each label of a label map over a CT (the CT file ct, or when empty the current image)")
public class MarrowRadiodensity implements Command {

	@Parameter
	private Context context;

	@Parameter(label = "CT file", persist = false, required = false,
		description = "DICOM series, NIfTI or TIFF in HU; empty = the current image")
	private File ct;

	@Parameter(label = "Label map", persist = false,
		description = "A label map file (e.g. TotalSegmentator NIfTI) or the title of an open label image")
	private String labels;

	@Parameter(label = "Label scheme", persist = false, required = false,
		description = "totalsegmentator (v2 'total' ids), or id=name pairs such as 32=T12,31=L1; empty = label_<id>")
	private String label_scheme = "totalsegmentator";

	@Parameter(label = "Margin (mm)", persist = false, min = "0",
		description = "Shrink each label by this distance before measuring (0 = the labels as they are)")
	private double margin_mm = 0;

	@Parameter(label = "Output CSV", persist = false, required = false, style = "save",
		description = "Optional CSV file (an existing folder gets marrow_regions.csv)")
	private File out;

	@Parameter(type = ItemIO.OUTPUT, label = "Label statistics (CSV)")
	private String table;

	@Parameter(type = ItemIO.OUTPUT, label = "Result (JSON)")
	private String json;

	@Override
	public void run() {
		final List<String> warnings = new ArrayList<>();
		final MarrowInputs.Ct c = MarrowInputs.ct(ct, warnings);
		final Volume<?> lab = MarrowInputs.labels(labels);
		if (lab == null) throw new BadInputException("labels", "no label map given");
		final SubjectAnalysis.Segmentation seg = SubjectAnalysis.segment(c.volume, lab, SubjectAnalysis.labelTable(label_scheme),
			SubjectAnalysis.SITE_LABELS, 400, margin_mm, null);
		warnings.addAll(seg.warnings);
		final Csv csv = MarrowTable.csv(c.name, seg.rows);
		table = csv.toText();
		final Map<String, Object> report = new LinkedHashMap<>();
		report.put("ct", c.name);
		report.put("labels", labels);
		report.put("margin_mm", margin_mm);
		report.put("rows", MarrowTable.jsonRows(c.name, seg.rows));
		if (out != null) {
			final File f = out.isDirectory() ? new File(out, SubjectAnalysis.CSV) : out;
			try {
				csv.write(f);
			}
			catch (final IOException e) {
				throw new BadInputException(f, "cannot write: " + e.getMessage(), e);
			}
			report.put("out", f.getPath());
		}
		report.put("warnings", warnings);
		json = Reports.emit(context, "Marrow Radiodensity", report);
		if (MarrowInputs.interactive(context)) MarrowDisplay.results(c.name, seg.rows).show("Marrow Radiodensity");
	}
}
