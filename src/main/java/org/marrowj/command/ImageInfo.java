package org.marrowj.command;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.marrowj.image.Volume;
import org.marrowj.io.DicomSeries;
import org.marrowj.io.DicomSeriesReader;
import org.marrowj.io.ImageReaders;
import org.marrowj.io.Nifti;
import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Reads an image (DICOM series folder or file, NIfTI, TIFF) and reports its grid, geometry,
 * modality, value unit and value range, and for PET (modality PT) the header values SUV needs
 * (null ones left out), plus the reader's warnings when it had any. One JSON object: see
 * {@link ImageSummary#describe(Volume)} for the keys.
 */
@Plugin(type = Command.class, menuPath = "Plugins>MarrowJ>Data>Image Info", headless = true,
	description = "Grid, geometry (LPS, mm), modality, value unit and range of an image; for PET the SUV header values")
public class ImageInfo implements Command {

	@Parameter
	private Context context;

	@Parameter(label = "Image", persist = false,
		description = "A DICOM series (folder or one file), a NIfTI file (.nii, .nii.gz) or a TIFF stack")
	private File path;

	@Parameter(label = "Series (SeriesInstanceUID)", persist = false, required = false,
		description = "The series to read when a DICOM folder holds several; empty = the folder's only series")
	private String series = "";

	@Parameter(type = ItemIO.OUTPUT, label = "Image info (JSON)")
	private String json;

	@Override
	public void run() {
		final Map<String, Object> report = new LinkedHashMap<>();
		report.put("path", path.getPath());
		final List<String> warnings = new ArrayList<>();
		if (isDicom(path)) {
			final DicomSeries s = DicomSeriesReader.read(path, series == null || series.trim().isEmpty() ? null : series.trim());
			report.putAll(ImageSummary.describe(s.volume()));
			if ("PT".equals(s.volume().modality())) report.put("pet", s.petInfo().toMap());
			warnings.addAll(s.warnings());
		}
		else {
			final Volume<?> volume = ImageReaders.open(path);
			report.putAll(ImageSummary.describe(volume));
			if (volume.property(Nifti.WARNING) != null) warnings.add(volume.property(Nifti.WARNING));
		}
		if (!warnings.isEmpty()) report.put("warnings", warnings);
		json = Reports.emit(context, "Image Info", report);
	}

	/** What {@link ImageReaders#open(File)} reads as DICOM: a folder, or a file that is not NIfTI or TIFF. */
	private static boolean isDicom(final File f) {
		if (f == null || !f.exists()) return false;
		if (f.isDirectory()) return true;
		final String n = f.getName().toLowerCase(Locale.ROOT);
		return !(n.endsWith(".nii") || n.endsWith(".nii.gz") || n.endsWith(".tif") || n.endsWith(".tiff"));
	}
}
