package org.marrowj.command;

import java.io.File;
import java.io.IOException;
import java.util.Map;

import org.marrowj.BadInputException;
import org.marrowj.pipeline.CalibrationSpec;
import org.marrowj.pipeline.NeckAnalysis;
import org.marrowj.pipeline.PetAnalysis;
import org.marrowj.pipeline.Provenance;
import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Femoral-neck geometry and strength indices of a QCT ({@link NeckAnalysis}): writes
 * femoral_neck.csv (one row per side), QC pictures of the neck axis and of the narrowest section,
 * and {@value #PROVENANCE} into {@code out}; reports one JSON object with the rows, the body weight
 * used and where it came from, the files and the warnings.
 * <p>
 * Calibration: {@code calibration} (a calibration.json of Calibrate QCT Phantom), or
 * {@code slope_mgcm3_per_hu} and {@code intercept_mgcm3}, or neither when the QCT already holds
 * density in mg/cm^3 (e.g. bmd.nii.gz of Calibrate QCT Phantom).
 */
@Plugin(type = Command.class, menuPath = "Plugins>MarrowJ>QCT>Femoral Neck Geometry", headless = true,
	description = "Femoral neck axis, narrowest section, compartment vBMD, aBMD and strength indices from a calibrated QCT")
public class FemoralNeckGeometry implements Command {

	public static final String PROVENANCE = "femoral_neck_provenance.json";

	@Parameter
	private Context context;

	@Parameter(label = "QCT", persist = false,
		description = "The QCT in HU (with a calibration) or in mg/cm^3 K2HPO4: DICOM series, NIfTI or TIFF")
	private File qct;

	@Parameter(label = "Calibration file", persist = false, required = false, style = "open",
		description = "calibration.json of Calibrate QCT Phantom; empty = slope/intercept, or none for a QCT in mg/cm^3")
	private File calibration;

	@Parameter(label = "Slope (mg/cm^3 per HU)", persist = false, required = false, validater = "checkSlope",
		description = "density = slope x HU + intercept; with intercept_mgcm3, instead of a calibration file")
	private String slope_mgcm3_per_hu = "";

	@Parameter(label = "Intercept (mg/cm^3)", persist = false, required = false, validater = "checkIntercept",
		description = "density = slope x HU + intercept")
	private String intercept_mgcm3 = "";

	@Parameter(label = "Side", persist = false, choices = { "both", "left", "right" },
		description = "left/right: the femur of the whole field; both: each half of the field split at the image centre (world x)")
	private String side = "both";

	@Parameter(label = "Body weight (kg)", persist = false, required = false, validater = "checkWeight",
		description = "For the weight-dependent indices; empty = the DICOM PatientWeight (0010,1030), else those indices are left empty")
	private String weight_kg = "";

	@Parameter(label = "Cortical threshold (mg/cm^3)", persist = false, min = "1", max = "2000",
		description = "Cortical bone = density >= this (K2HPO4)")
	private double cortical_mgcm3 = 350;

	@Parameter(label = "Head centre (mm)", persist = false, required = false, validater = "checkHead",
		description = "Optional femoral head centre 'x,y,z' (world LPS, mm) instead of the sphere fit; one side only, with head_radius_mm")
	private String head_centre_mm = "";

	@Parameter(label = "Head radius (mm)", persist = false, required = false, validater = "checkHead",
		description = "Femoral head radius (mm) with head_centre_mm")
	private String head_radius_mm = "";

	@Parameter(label = "Subject", persist = false, required = false, description = "Subject name; empty = from the QCT's file name")
	private String subject = "";

	@Parameter(label = "Output folder", persist = false, style = "directory", description = "Folder for femoral_neck.csv and qc/ (created)")
	private File out;

	@Parameter(type = ItemIO.OUTPUT, label = "Result (JSON)")
	private String json;

	@SuppressWarnings("unused")
	private void checkSlope() {
		if (slope_mgcm3_per_hu != null && !slope_mgcm3_per_hu.trim().isEmpty()) {
			final double s = number(slope_mgcm3_per_hu, "slope_mgcm3_per_hu");
			if (!(s > 0) || !Double.isFinite(s)) throw new BadInputException("slope_mgcm3_per_hu", "must be a positive number, got " + s);
		}
	}

	@SuppressWarnings("unused")
	private void checkIntercept() {
		if (intercept_mgcm3 != null && !intercept_mgcm3.trim().isEmpty()) number(intercept_mgcm3, "intercept_mgcm3");
	}

	@SuppressWarnings("unused")
	private void checkWeight() {
		NeckAnalysis.parseWeight(weight_kg);
	}

	@SuppressWarnings("unused")
	private void checkHead() {
		headCentre(head_centre_mm);
		headRadius(head_radius_mm);
	}

	/** A number the parameter text must hold (empty is an error naming the parameter). */
	private static double number(final String text, final String parameter) {
		final Double v = PetAnalysis.optionalNumber(text, parameter);
		if (v == null) throw new BadInputException(parameter, "a number is missing");
		return v;
	}

	static double[] headCentre(final String text) {
		if (text == null || text.trim().isEmpty()) return null;
		final String[] parts = text.trim().split("\\s*,\\s*");
		if (parts.length != 3) throw new BadInputException("head_centre_mm", "must be x,y,z in mm, got '" + text.trim() + "'");
		final double[] c = new double[3];
		for (int i = 0; i < 3; i++) {
			c[i] = number(parts[i], "head_centre_mm");
			if (!Double.isFinite(c[i])) throw new BadInputException("head_centre_mm", "has a non-finite coordinate");
		}
		return c;
	}

	static double headRadius(final String text) {
		if (text == null || text.trim().isEmpty()) return Double.NaN;
		final double r = number(text, "head_radius_mm");
		if (!(r > 5 && r < 60)) throw new BadInputException("head_radius_mm", "must be in (5, 60) mm, got " + text.trim());
		return r;
	}

	@Override
	public void run() {
		final CalibrationSpec cal = CalibrationSpec.fromParameters(calibration, slope_mgcm3_per_hu, intercept_mgcm3);
		final Double w = NeckAnalysis.parseWeight(weight_kg);
		final NeckAnalysis.Result r = NeckAnalysis.analyze(qct, cal, side, w, cortical_mgcm3, subject, out,
			headCentre(head_centre_mm), headRadius(head_radius_mm));
		final File prov = new File(out, PROVENANCE);
		try {
			final Provenance p = new Provenance();
			p.parameter("qct", qct).parameter("calibration", calibration).parameter("slope_mgcm3_per_hu", slope_mgcm3_per_hu).parameter(
				"intercept_mgcm3", intercept_mgcm3).parameter("side", side).parameter("weight_kg", weight_kg).parameter("cortical_mgcm3",
					cortical_mgcm3).parameter("head_centre_mm", head_centre_mm).parameter("head_radius_mm", head_radius_mm).parameter("subject", subject).parameter("out", out);
			p.input("qct", qct);
			if (calibration != null && !calibration.getPath().isEmpty()) p.input("calibration", calibration);
			p.method("calibration", cal.toMap());
			p.method("weight_kg", r.weight_kg);
			p.method("weight_source", r.weight_source);
			p.method("sides", NeckAnalysis.BOTH.equals(NeckAnalysis.parseSide(side))
				? "field split at the world x of the image centre; each half analysed alone" : "whole field");
			for (final String s : r.warnings)
				p.warning(s);
			p.write(prov);
		}
		catch (final IOException e) {
			throw new BadInputException(prov, "cannot write: " + e.getMessage(), e);
		}
		final Map<String, Object> report = r.toMap();
		report.put("calibration", cal.toMap());
		@SuppressWarnings("unchecked")
		final java.util.List<String> files = (java.util.List<String>) report.get("files");
		files.add(prov.getPath());
		json = Reports.emit(context, "Femoral Neck Geometry", report);
	}
}
