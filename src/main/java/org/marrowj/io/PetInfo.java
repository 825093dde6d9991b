package org.marrowj.io;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.marrowj.BadInputException;

/**
 * The header values of a PET series that SUV needs, as found in its files (raw: no unit
 * conversion, no SUV maths). Every field is null when its tag is absent. Values from the
 * RadiopharmaceuticalInformationSequence (0054,0016) come from its first item (or from the top
 * level, where some old files put them); the others from the first slice, except
 * {@link #acquisitionDateTime}, the earliest over all slices.
 */
public final class PetInfo {

	/** Units (0054,1001): BQML, GML, CNTS, ... */
	public final String units;
	/** DecayCorrection (0054,1102): START, ADMIN, NONE. */
	public final String decayCorrection;
	/** CorrectedImage (0028,0051), values joined by {@code \}. */
	public final String correctedImage;
	public final String modality;
	public final String manufacturer;
	/** Radiopharmaceutical (0018,0031). */
	public final String radiopharmaceutical;
	/** CodeMeaning of RadionuclideCodeSequence (0054,0300). */
	public final String radionuclide;
	/** RadionuclideTotalDose (0018,1074), Bq. */
	public final Double radionuclideTotalDose_bq;
	/** RadionuclideHalfLife (0018,1075), s. */
	public final Double radionuclideHalfLife_s;
	/** RadiopharmaceuticalStartTime (0018,1072), TM (HHMMSS.FFFFFF). */
	public final String radiopharmaceuticalStartTime;
	/** RadiopharmaceuticalStartDateTime (0018,1078), DT (YYYYMMDDHHMMSS.FFFFFF). */
	public final String radiopharmaceuticalStartDateTime;
	/** SeriesDate (0008,0021), DA. */
	public final String seriesDate;
	/** SeriesTime (0008,0031), TM. */
	public final String seriesTime;
	/**
	 * The earliest acquisition over all slices, as AcquisitionDate + AcquisitionTime (0008,0022 +
	 * 0008,0032) or AcquisitionDateTime (0008,002A) of that slice, DT.
	 */
	public final String acquisitionDateTime;
	/** PatientWeight (0010,1030), kg. */
	public final Double patientWeight_kg;
	/** PatientSize (0010,1020), m. */
	public final Double patientSize_m;
	/** PatientSex (0010,0040): M, F, O. */
	public final String patientSex;
	/** Philips private SUV scale factor (7053,1000). */
	public final Double philipsSuvScaleFactor;
	/** Philips private activity concentration scale factor (7053,1009). */
	public final Double philipsActivityConcentrationScaleFactor;
	/** GE private scan date-time (0009,100D), DT. */
	public final String geScanDateTime;
	/** FrameReferenceTime (0054,1300) of the first slice, ms. */
	public final Double frameReferenceTime_ms;
	/** ActualFrameDuration (0018,1242) of the first slice, ms. */
	public final Double actualFrameDuration_ms;

	private PetInfo(final List<DicomHeader> headers) {
		final DicomHeader h = headers.get(0);
		units = text(h, DicomTag.UNITS);
		decayCorrection = text(h, DicomTag.DECAY_CORRECTION);
		correctedImage = text(h, DicomTag.CORRECTED_IMAGE);
		modality = text(h, DicomTag.MODALITY);
		manufacturer = text(h, DicomTag.MANUFACTURER);
		DicomDataset rp = h.getItem(DicomTag.RADIOPHARMACEUTICAL_INFORMATION_SEQUENCE, 0);
		if (rp == null) rp = h;
		radiopharmaceutical = text(rp, DicomTag.RADIOPHARMACEUTICAL);
		final DicomDataset nuclide = rp.getItem(0x00540300, 0);
		radionuclide = nuclide == null ? null : text(nuclide, 0x00080104);
		radionuclideTotalDose_bq = number(rp, DicomTag.RADIONUCLIDE_TOTAL_DOSE);
		radionuclideHalfLife_s = number(rp, DicomTag.RADIONUCLIDE_HALF_LIFE);
		radiopharmaceuticalStartTime = text(rp, DicomTag.RADIOPHARMACEUTICAL_START_TIME);
		radiopharmaceuticalStartDateTime = text(rp, DicomTag.RADIOPHARMACEUTICAL_START_DATE_TIME);
		seriesDate = text(h, DicomTag.SERIES_DATE);
		seriesTime = text(h, DicomTag.SERIES_TIME);
		acquisitionDateTime = earliestAcquisition(headers);
		patientWeight_kg = number(h, DicomTag.PATIENT_WEIGHT);
		patientSize_m = number(h, DicomTag.PATIENT_SIZE);
		patientSex = text(h, DicomTag.PATIENT_SEX);
		philipsSuvScaleFactor = number(h, h.privateTag(0x7053, "Philips PET Private Group", 0x00, DicomTag.PHILIPS_SUV_SCALE_FACTOR));
		philipsActivityConcentrationScaleFactor = number(h,
			h.privateTag(0x7053, "Philips PET Private Group", 0x09, DicomTag.PHILIPS_ACTIVITY_CONCENTRATION_SCALE_FACTOR));
		geScanDateTime = text(h, h.privateTag(0x0009, "GEMS_PETD_01", 0x0D, DicomTag.GE_SCAN_DATE_TIME));
		frameReferenceTime_ms = number(h, DicomTag.FRAME_REFERENCE_TIME);
		actualFrameDuration_ms = number(h, DicomTag.ACTUAL_FRAME_DURATION);
	}

	/** The PET header values of a series (its slices' headers, the first one first). */
	public static PetInfo of(final List<DicomHeader> headers) {
		if (headers == null || headers.isEmpty()) throw new IllegalArgumentException("no headers");
		return new PetInfo(headers);
	}

	/**
	 * The values as a map for JSON output, snake_case keys with units in their names (null for
	 * absent tags): units, decay_correction, corrected_image, modality, manufacturer,
	 * radiopharmaceutical, radionuclide, dose_bq, half_life_s, injection_time, injection_datetime,
	 * series_date, series_time, series_datetime, acquisition_datetime, weight_kg, height_m, sex,
	 * philips_suv_scale_factor, philips_activity_concentration_scale_factor, ge_scan_datetime,
	 * frame_reference_time_ms, frame_duration_ms.
	 */
	public Map<String, Object> toMap() {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("units", units);
		m.put("decay_correction", decayCorrection);
		m.put("corrected_image", correctedImage);
		m.put("modality", modality);
		m.put("manufacturer", manufacturer);
		m.put("radiopharmaceutical", radiopharmaceutical);
		m.put("radionuclide", radionuclide);
		m.put("dose_bq", radionuclideTotalDose_bq);
		m.put("half_life_s", radionuclideHalfLife_s);
		m.put("injection_time", radiopharmaceuticalStartTime);
		m.put("injection_datetime", radiopharmaceuticalStartDateTime);
		m.put("series_date", seriesDate);
		m.put("series_time", seriesTime);
		m.put("series_datetime", seriesDate == null || seriesTime == null ? null : seriesDate + seriesTime);
		m.put("acquisition_datetime", acquisitionDateTime);
		m.put("weight_kg", patientWeight_kg);
		m.put("height_m", patientSize_m);
		m.put("sex", patientSex);
		m.put("philips_suv_scale_factor", philipsSuvScaleFactor);
		m.put("philips_activity_concentration_scale_factor", philipsActivityConcentrationScaleFactor);
		m.put("ge_scan_datetime", geScanDateTime);
		m.put("frame_reference_time_ms", frameReferenceTime_ms);
		m.put("frame_duration_ms", actualFrameDuration_ms);
		return m;
	}

	@Override
	public String toString() {
		return "PetInfo" + toMap();
	}

	private static String text(final DicomDataset d, final int tag) {
		final String s = d.getString(tag);
		return s == null || s.isEmpty() ? null : s;
	}

	/** A number; a private value that is not text but 4 or 8 raw bytes is read as FL or FD. */
	private static Double number(final DicomDataset d, final int tag) {
		try {
			return d.getDoubleOrNull(tag);
		}
		catch (final BadInputException e) {
			final byte[] b = d.bytes(tag);
			if (b != null && (b.length == 8 || b.length == 4) && (tag >>> 16 & 1) == 1) {
				final java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b)
					.order(d.bigEndian ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
				return b.length == 8 ? bb.getDouble() : (double) bb.getFloat();
			}
			throw e;
		}
	}

	private static String earliestAcquisition(final List<DicomHeader> headers) {
		String best = null;
		LocalDateTime bestT = null;
		for (final DicomHeader h : headers) {
			String dt = text(h, DicomTag.ACQUISITION_DATE_TIME);
			if (dt == null) {
				String date = text(h, DicomTag.ACQUISITION_DATE);
				if (date == null) date = text(h, DicomTag.SERIES_DATE);
				final String time = text(h, DicomTag.ACQUISITION_TIME);
				if (date == null || time == null) continue;
				dt = date + time;
			}
			final LocalDateTime t = DicomTime.parseDateTime(dt);
			if (t == null) continue;
			if (bestT == null || t.isBefore(bestT)) {
				bestT = t;
				best = dt;
			}
		}
		return best;
	}
}
