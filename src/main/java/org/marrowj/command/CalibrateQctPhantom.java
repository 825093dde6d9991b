package org.marrowj.command;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.marrowj.BadInputException;
import org.marrowj.image.Volume;
import org.marrowj.io.Json;
import org.marrowj.io.Nifti;
import org.marrowj.pipeline.CtInput;
import org.marrowj.pipeline.Provenance;
import org.marrowj.qct.Calibration;
import org.marrowj.qct.Rod;
import org.marrowj.qct.RodDetector;
import org.marrowj.qct.RodOptions;
import org.marrowj.qct.RodOrder;
import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * QCT phantom calibration of a CT: finds (or measures at given centres) the rods of the
 * calibration phantom, fits density = slope_mgcm3_per_hu x HU + intercept_mgcm3 to the certificate
 * K2HPO4 concentrations (linear least squares, or the Mindways method; {@link Calibration}), and
 * writes into {@code out}: {@value #BMD} (the calibrated density in mg/cm^3 K2HPO4 on the CT's grid)
 * and {@value #JSON} ({@link Calibration#toMap()}). Reports one JSON object: the calibration (slope,
 * intercept, r2, rods_found, per rod centre, HU mean/sd and residuals; Mindways sigma_ct, beta_ct),
 * the files and the warnings. R^2 below min_r2 refuses the calibration (exit 2 headless).
 */
@Plugin(type = Command.class, menuPath = "Plugins>MarrowJ>QCT>Calibrate QCT Phantom", headless = true,
	description = "Calibrates a QCT with the rods of its K2HPO4 phantom: calibrated density image (mg/cm^3) and calibration.json")
public class CalibrateQctPhantom implements Command {

	public static final String BMD = "bmd.nii.gz", JSON = "calibration.json", PROVENANCE = "calibration_provenance.json";

	@Parameter
	private Context context;

	@Parameter(label = "QCT", persist = false, description = "The CT in HU with the calibration phantom: DICOM series, NIfTI or TIFF")
	private File qct;

	@Parameter(label = "Method", persist = false, choices = { "linear", "mindways" },
		description = "linear: least squares of HU on K2HPO4; mindways: of HU - water-equivalent density on K2HPO4 (needs rods_water)")
	private String method = "linear";

	@Parameter(label = "Rod K2HPO4 (mg/cm^3)", persist = false, validater = "checkK2hpo4",
		description = "Certificate K2HPO4 concentrations, comma-separated, in rod order along the image's column (x) direction")
	private String rods_k2hpo4;

	@Parameter(label = "Rod water-equivalent density (mg/cm^3)", persist = false, required = false,
		description = "Mindways: the certificate water-equivalent densities, comma-separated, in rod order")
	private String rods_water = "";

	@Parameter(label = "Number of rods", persist = false, min = "2", max = "20")
	private int rod_count = 5;

	@Parameter(label = "Rod order", persist = false, choices = { "normal", "reversed" },
		description = "normal: the certificate order follows increasing column index; reversed: the opposite")
	private String rod_order = "normal";

	@Parameter(label = "Rod centres (index)", persist = false, required = false,
		description = "Optional in-plane voxel index centres 'x,y; x,y; ...' in certificate order instead of automatic detection")
	private String rod_centres = "";

	@Parameter(label = "Rod radius (mm)", persist = false, required = false, validater = "checkRadius",
		description = "Radius of the rods at rod_centres (needed with rod_centres)")
	private String rod_radius_mm = "";

	@Parameter(label = "Minimum R^2", persist = false, min = "0", max = "1",
		description = "A calibration fit with a lower R^2 is refused")
	private double min_r2 = Calibration.DEFAULT_MIN_R2;

	@Parameter(label = "First slice", persist = false, required = false, validater = "checkSlices",
		description = "First slice (z index, from 0) with the phantom; empty = all slices")
	private String z_first = "";

	@Parameter(label = "Last slice", persist = false, required = false, validater = "checkSlices",
		description = "Last slice (z index) with the phantom; empty = all slices")
	private String z_last = "";

	@Parameter(label = "Output folder", persist = false, style = "directory", description = "Folder for bmd.nii.gz and calibration.json (created)")
	private File out;

	@Parameter(type = ItemIO.OUTPUT, label = "Result (JSON)")
	private String json;

	@SuppressWarnings("unused")
	private void checkK2hpo4() {
		// numbers only: the count is checked against rod_count when the command runs, whatever order the values came in
		Calibration.parseCertificate(rods_k2hpo4, "rods_k2hpo4", -1);
	}

	@SuppressWarnings("unused")
	private void checkRadius() {
		optionalNumber(rod_radius_mm, "rod_radius_mm");
	}

	@SuppressWarnings("unused")
	private void checkSlices() {
		optionalIndex(z_first, "z_first");
		optionalIndex(z_last, "z_last");
	}

	static Double optionalNumber(final String text, final String parameter) {
		if (text == null || text.trim().isEmpty()) return null;
		final double v;
		try {
			v = Double.parseDouble(text.trim());
		}
		catch (final NumberFormatException e) {
			throw new BadInputException(parameter, "'" + text.trim() + "' is not a number");
		}
		if (!Double.isFinite(v) || !(v > 0)) throw new BadInputException(parameter, "must be a positive number, got " + text.trim());
		return v;
	}

	static int optionalIndex(final String text, final String parameter) {
		if (text == null || text.trim().isEmpty()) return -1;
		try {
			final int v = Integer.parseInt(text.trim());
			if (v < 0) throw new BadInputException(parameter, "must be a slice index >= 0, got " + v);
			return v;
		}
		catch (final NumberFormatException e) {
			throw new BadInputException(parameter, "'" + text.trim() + "' is not a slice index");
		}
	}

	@Override
	public void run() {
		final Map<String, Object> report = calibrate(qct, Calibration.Method.parse(method), rods_k2hpo4, rods_water, rod_count,
			RodOrder.parse(rod_order), rod_centres, optionalNumber(rod_radius_mm, "rod_radius_mm"), min_r2, optionalIndex(z_first,
				"z_first"), optionalIndex(z_last, "z_last"), out);
		json = Reports.emit(context, "Calibrate QCT Phantom", report);
	}

	/** The work of the command; returns its report. */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	static Map<String, Object> calibrate(final File qct, final Calibration.Method method, final String k2hpo4, final String water,
		final int rodCount, final RodOrder order, final String centres, final Double radius_mm, final double minR2, final int zFirst,
		final int zLast, final File out)
	{
		if (out == null) throw new BadInputException("out", "no output folder given");
		if (out.exists() && !out.isDirectory()) throw new BadInputException(out, "is a file, not a folder");
		final double[] k = Calibration.parseCertificate(k2hpo4, "rods_k2hpo4", rodCount);
		final double[] w = method == Calibration.Method.MINDWAYS ? Calibration.parseCertificate(water, "rods_water", rodCount) : null;
		final List<String> warnings = new ArrayList<>();
		final Volume ct = CtInput.open(qct, "qct", warnings);
		final RodOptions o = new RodOptions().rodCount(rodCount).order(order);
		if (zFirst >= 0 || zLast >= 0) o.zRange(zFirst, zLast);
		final List<Rod> rods;
		final boolean given = centres != null && !centres.trim().isEmpty();
		if (given) {
			if (radius_mm == null) throw new BadInputException("rod_radius_mm", "is needed with rod_centres");
			final List<double[]> c = RodDetector.parseCentres(centres, "rod_centres");
			if (c.size() != rodCount) throw new BadInputException("rod_centres", "has " + c.size() + " centres but rod_count is " + rodCount);
			rods = RodDetector.measureAtIndex(ct, c, radius_mm, o);
		}
		else rods = RodDetector.detect(ct, o);
		final Calibration cal = method == Calibration.Method.MINDWAYS ? Calibration.mindways(rods, k, w, minR2) : Calibration.linear(
			rods, k, minR2);
		warnings.addAll(cal.warnings());
		if (!out.isDirectory() && !out.mkdirs()) throw new BadInputException(out, "cannot create the folder");
		final File bmd = new File(out, BMD), json = new File(out, JSON), prov = new File(out, PROVENANCE);
		Nifti.write(cal.bmdVolume(ct), bmd);
		Json.write(json, cal.toMap());
		try {
			final Provenance p = new Provenance();
			p.parameter("qct", qct).parameter("method", method.toString()).parameter("rods_k2hpo4", k2hpo4).parameter("rods_water", water)
				.parameter("rod_count", rodCount).parameter("rod_order", order.toString()).parameter("rod_centres", centres).parameter(
					"rod_radius_mm", radius_mm).parameter("min_r2", minR2).parameter("z_first", zFirst).parameter("z_last", zLast)
				.parameter("out", out);
			p.input("qct", qct);
			p.method("rods", given ? "measured at the given centres" : "detected");
			p.method("calibration", cal.toMap().get("formula"));
			for (final String s : warnings)
				p.warning(s);
			p.write(prov);
		}
		catch (final IOException e) {
			throw new BadInputException(prov, "cannot write: " + e.getMessage(), e);
		}
		final Map<String, Object> report = new LinkedHashMap<>();
		report.put("qct", qct.getPath());
		final Map<String, Object> c = cal.toMap();
		c.remove("warnings");
		report.putAll(c);
		report.put("rods_detected", !given);
		final List<String> files = new ArrayList<>();
		files.add(bmd.getPath());
		files.add(json.getPath());
		files.add(prov.getPath());
		report.put("files", files);
		report.put("warnings", warnings);
		return report;
	}
}
