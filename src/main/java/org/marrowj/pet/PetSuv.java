package org.marrowj.pet;

import java.util.Locale;

import org.marrowj.BadInputException;
import org.marrowj.image.Volume;
import org.marrowj.io.PetInfo;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * From a read PET series to SUV: the header values as {@link SuvInputs}, and a PET volume (rescaled
 * values in the header's Units) converted to SUV by a factor from {@link Suv}.
 * <p>
 * SUV(v) = value(v) x factor, where value is stored x RescaleSlope + RescaleIntercept (per slice,
 * already applied by the DICOM reader) and factor = {@link SuvResult#suvFactor()}. A volume in SUV
 * already (Units GML) keeps its values (factor 1).
 */
public final class PetSuv {

	private PetSuv() {}

	/**
	 * The SUV inputs of a PET series' header, every value with source {@value SuvInputs#HEADER}.
	 * RescaleSlope is the first slice's (the factor never contains it; it is kept for provenance and
	 * the notes of CNTS images). Apply the user's overrides afterwards with
	 * {@link SuvInputs#applyOverrides}.
	 *
	 * @param rescaleSlopes the slices' RescaleSlope values (may be null)
	 */
	public static SuvInputs fromPetInfo(final PetInfo info, final double[] rescaleSlopes) {
		if (info == null) throw new BadInputException("pet", "no PET header values");
		final SuvInputs in = new SuvInputs();
		text(in, SuvInputs.Key.UNITS, info.units);
		text(in, SuvInputs.Key.DECAY_CORRECTION, info.decayCorrection);
		text(in, SuvInputs.Key.SERIES_DATE, info.seriesDate);
		text(in, SuvInputs.Key.SERIES_TIME, info.seriesTime);
		text(in, SuvInputs.Key.RADIOPHARMACEUTICAL_START_DATE_TIME, info.radiopharmaceuticalStartDateTime);
		text(in, SuvInputs.Key.RADIOPHARMACEUTICAL_START_TIME, info.radiopharmaceuticalStartTime);
		number(in, SuvInputs.Key.TOTAL_DOSE_BQ, info.radionuclideTotalDose_bq);
		number(in, SuvInputs.Key.HALF_LIFE_S, info.radionuclideHalfLife_s);
		number(in, SuvInputs.Key.WEIGHT_KG, info.patientWeight_kg);
		number(in, SuvInputs.Key.SIZE_M, info.patientSize_m);
		text(in, SuvInputs.Key.SEX, info.patientSex);
		number(in, SuvInputs.Key.PHILIPS_SUV_SCALE_FACTOR, info.philipsSuvScaleFactor);
		number(in, SuvInputs.Key.PHILIPS_ACTIVITY_SCALE_FACTOR, info.philipsActivityConcentrationScaleFactor);
		text(in, SuvInputs.Key.GE_SCAN_DATE_TIME, info.geScanDateTime);
		if (rescaleSlopes != null && rescaleSlopes.length > 0) number(in, SuvInputs.Key.RESCALE_SLOPE, rescaleSlopes[0]);
		if (info.acquisitionDateTime != null) in.addAcquisitionDateTime(info.acquisitionDateTime);
		return in;
	}

	private static void text(final SuvInputs in, final SuvInputs.Key key, final String v) {
		if (v != null && !v.trim().isEmpty()) in.header(key, v);
	}

	private static void number(final SuvInputs in, final SuvInputs.Key key, final Double v) {
		if (v != null) in.header(key, v);
	}

	/**
	 * The PET as SUV, a converted view (no copy) with the same geometry, modality and properties and
	 * unit {@link Volume#SUV}: SUV = value x {@code suv.suvFactor()}. The volume's unit must match
	 * the factor's Units: Bq/mL for BQML, counts for CNTS, SUV for GML (returned unchanged).
	 *
	 * @throws BadInputException when the volume's unit does not fit the factor
	 */
	public static <T extends RealType<T> & NativeType<T>> Volume<FloatType> toSuv(final Volume<T> pet, final SuvResult suv) {
		final String units = suv.units() == null ? "" : suv.units().toUpperCase(Locale.ROOT);
		final String unit = pet.valueUnit();
		final boolean fits = "BQML".equals(units) && Volume.BQML.equals(unit) || "CNTS".equals(units) && "counts".equals(unit) ||
			"GML".equals(units) && Volume.SUV.equals(unit);
		if (!fits) throw new BadInputException("pet", "values in '" + unit + "' do not fit an SUV factor for Units " + units);
		return toSuv(pet, suv.suvFactor());
	}

	/**
	 * The PET times {@code factor} as a FloatType converted view with unit {@link Volume#SUV}; a
	 * volume whose unit is SUV already must come with factor 1.
	 */
	public static <T extends RealType<T> & NativeType<T>> Volume<FloatType> toSuv(final Volume<T> pet, final double factor) {
		if (!(factor > 0) || Double.isInfinite(factor)) throw new BadInputException("suv_factor", factor + " is not a positive number");
		if (Volume.SUV.equals(pet.valueUnit()) && factor != 1)
			throw new BadInputException("suv_factor", "the PET is in SUV already (Units GML): its factor is 1, not " + factor);
		final RandomAccessibleInterval<FloatType> view = Converters.convert(pet.image(),
			(a, b) -> b.setReal(a.getRealDouble() * factor), new FloatType());
		return new Volume<>(view, pet.geometry(), Volume.SUV, pet.modality(), pet.properties()).withProperty("suv_factor",
			Double.toString(factor));
	}
}
