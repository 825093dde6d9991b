package org.marrowj.pet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.marrowj.BadInputException;
import org.marrowj.pet.SuvInputs.Key;

class SuvTest {

	private static final double F18_HALF_LIFE_S = 6586.2;

	/** BQML, START, injection 08:30:00, series 09:30:00 (dt = 3600 s), 370 MBq, 80 kg, 180 cm, male. */
	private static SuvInputs startCase() {
		final Map<String, String> h = new HashMap<>();
		h.put("Units", "BQML");
		h.put("DecayCorrection", "START");
		h.put("SeriesDate", "20240315");
		h.put("SeriesTime", "093000");
		h.put("RadiopharmaceuticalStartTime", "083000");
		h.put("RadionuclideTotalDose", "370000000");
		h.put("RadionuclideHalfLife", "6586.2");
		h.put("PatientWeight", "80");
		h.put("PatientSize", "1.80");
		h.put("PatientSex", "M");
		return SuvInputs.fromHeader(h);
	}

	/** BQML, ADMIN, no times at all, 370 MBq, 80 kg, 180 cm. */
	private static SuvInputs adminCase(final String sex) {
		return new SuvInputs().header(Key.UNITS, "BQML").header(Key.DECAY_CORRECTION, "ADMIN").header(
			Key.TOTAL_DOSE_BQ, 370e6).header(Key.WEIGHT_KG, 80).header(Key.SIZE_M, "1.80 ").header(Key.SEX, sex);
	}

	@Test
	void startDecaysTheDoseToTheScanStart() {
		final SuvResult r = Suv.compute(startCase(), SuvType.BW);
		assertEquals(3600, r.dtS(), 0);
		final double decay = Math.pow(2, -3600 / F18_HALF_LIFE_S);
		assertEquals(0.6846329195720021, decay, 1e-15); // exp(-ln2 x 3600 / 6586.2)
		assertEquals(decay, r.decayFactor(), 1e-15);
		assertEquals(80000 / (370e6 * decay), r.suvFactor(), 1e-18);
		assertEquals("2024-03-15T08:30", r.injection().toString());
		assertEquals("2024-03-15T09:30", r.scanStart().toString());
	}

	@Test
	void adminMeansNoDecay() {
		final SuvResult r = Suv.compute(adminCase("M"), SuvType.BW);
		assertEquals(0.0, r.dtS());
		assertEquals(1.0, r.decayFactor());
		assertEquals(80000 / 370e6, r.suvFactor(), 1e-18);
		assertNull(r.scanStart()); // no times given and none needed
		assertEquals(370e6, r.decayedDoseBq(), 0);
	}

	@Test
	void noneIsRefusedNamingTheTag() {
		final SuvInputs in = startCase().header(Key.DECAY_CORRECTION, "NONE");
		final BadInputException e = assertThrows(BadInputException.class, () -> Suv.compute(in, SuvType.BW));
		assertTrue(e.getMessage().contains("0054,1102"), e.getMessage());
		assertTrue(e.getMessage().contains("per-frame decay"), e.getMessage());
	}

	@Test
	void injectionBeforeMidnightScanAfterIt() {
		// injection 23:50 (time only), scan 00:40 the next day: dt = 50 min
		final SuvInputs in = new SuvInputs().header(Key.UNITS, "BQML").header(Key.DECAY_CORRECTION, "START").header(
			Key.SERIES_DATE, "20240102").header(Key.SERIES_TIME, "004000").header(Key.RADIOPHARMACEUTICAL_START_TIME,
				"235000").header(Key.TOTAL_DOSE_BQ, "300000000").header(Key.HALF_LIFE_S, "6586.2").header(Key.WEIGHT_KG,
					"80");
		in.addAcquisition("20240102", "004000.5");
		final SuvResult r = Suv.compute(in, SuvType.BW);
		assertEquals(3000, r.dtS(), 0);
		assertEquals("2024-01-01T23:50", r.injection().toString());
		// 80000 / (300e6 x 2^(-3000/6586.2))
		assertEquals(0.00036566824789341276, r.suvFactor(), 1e-15);
		assertTrue(r.rules().stream().anyMatch(s -> s.contains("day before")), r.rules().toString());
	}

	@Test
	void injectionAfterTheScanIsRefused() {
		final SuvInputs in = startCase().header(Key.RADIOPHARMACEUTICAL_START_DATE_TIME, "20240315100000");
		final BadInputException e = assertThrows(BadInputException.class, () -> Suv.compute(in, SuvType.BW));
		assertTrue(e.getMessage().contains("injection_time"), e.getMessage());
	}

	@Test
	void startDateTimeWinsOverStartTime() {
		// StartDateTime on the previous day 22:00, StartTime 08:30 (inconsistent): the date-time is used
		final SuvInputs in = startCase().header(Key.RADIOPHARMACEUTICAL_START_DATE_TIME, "20240314220000.000000 ");
		final SuvResult r = Suv.compute(in, SuvType.BW);
		assertEquals(11.5 * 3600, r.dtS(), 0);
		assertTrue(r.notes().stream().anyMatch(s -> s.contains("differs")), r.notes().toString());
	}

	@Test
	void seriesAfterAcquisitionUsesEarliestAcquisitionOrGePrivate() {
		final SuvInputs in = startCase().header(Key.SERIES_TIME, "101500");
		in.addAcquisition("20240315", "093500");
		in.addAcquisition("20240315", "093000.25");
		in.addAcquisition("20240315", "094000");
		SuvResult r = Suv.compute(in, SuvType.BW);
		assertEquals("2024-03-15T09:30:00.250", r.scanStart().toString());
		assertEquals(3600.25, r.dtS(), 1e-9);
		assertTrue(r.rules().stream().anyMatch(s -> s.startsWith("scan start = earliest acquisition date-time") && s
			.contains("series date-time 2024-03-15T10:15 is later")), r.rules().toString());

		in.header(Key.GE_SCAN_DATE_TIME, "20240315092000");
		r = Suv.compute(in, SuvType.BW);
		assertEquals(3000, r.dtS(), 0);
		assertTrue(r.rules().get(1).contains("0009,100D"), r.rules().toString());

		// series not after the earliest acquisition: the series date-time
		in.header(Key.SERIES_TIME, "092500");
		r = Suv.compute(in, SuvType.BW);
		assertEquals(3300, r.dtS(), 0);
	}

	@Test
	void philipsCountsWithSuvScaleFactor() {
		// no dose, no times, no weight needed: the header factor is already SUVbw per rescaled count
		final SuvInputs in = new SuvInputs().header(Key.UNITS, "CNTS").header(Key.DECAY_CORRECTION, "START").header(
			Key.PHILIPS_SUV_SCALE_FACTOR, "0.000551").header(Key.PHILIPS_ACTIVITY_SCALE_FACTOR, "1.602563").header(
				Key.RESCALE_SLOPE, "2.5");
		final SuvResult r = Suv.compute(in, SuvType.BW);
		assertEquals(0.000551, r.suvFactor(), 0);
		assertNull(r.decayedDoseBq());
		assertTrue(r.method().contains("7053,1000"));
	}

	@Test
	void philipsCountsWithActivityConcentrationScaleFactorTimesSlope() {
		final SuvInputs in = startCase().header(Key.UNITS, "CNTS").header(Key.PHILIPS_ACTIVITY_SCALE_FACTOR,
			"1.602563").header(Key.RESCALE_SLOPE, "2.5");
		final SuvResult r = Suv.compute(in, SuvType.BW);
		// a stored value of 1000: Bq/mL = 1000 x RescaleSlope x (7053,1009) = 4006.4075
		final double bqml = 1000 * 2.5 * 1.602563;
		assertEquals(4006.4075, bqml, 1e-9);
		final double decayedDose = 370e6 * Math.pow(2, -3600 / F18_HALF_LIFE_S);
		final double suv = bqml * 80000 / decayedDose;
		// SUV = (stored x slope) x factor
		assertEquals(suv, 1000 * 2.5 * r.suvFactor(), 1e-12);
		assertTrue(r.method().contains("7053,1009"));
		// a zero (7053,1000) is not usable: the (7053,1009) route is taken
		in.header(Key.PHILIPS_SUV_SCALE_FACTOR, "0");
		assertEquals(r.suvFactor(), Suv.compute(in, SuvType.BW).suvFactor(), 0);
	}

	@Test
	void philipsCountsWithoutPrivateFactorsIsRefused() {
		final SuvInputs in = startCase().header(Key.UNITS, "CNTS");
		final BadInputException e = assertThrows(BadInputException.class, () -> Suv.compute(in, SuvType.BW));
		assertTrue(e.getMessage().contains("7053,1000") && e.getMessage().contains("7053,1009"), e.getMessage());
	}

	@Test
	void gmlIsAlreadySuv() {
		final SuvInputs in = new SuvInputs().header(Key.UNITS, "GML").header(Key.DECAY_CORRECTION, "ADMIN");
		SuvResult r = Suv.compute(in, SuvType.BW);
		assertEquals(1.0, r.suvFactor(), 0);
		assertFalse(r.notes().isEmpty());
		// SUL from SUVbw: x LBM / W (Janmahasatian, men, 80 kg, 180 cm: 61.73140954495006 kg)
		in.header(Key.WEIGHT_KG, 80).header(Key.SIZE_M, 1.8).header(Key.SEX, "M");
		r = Suv.compute(in, SuvType.LBM_JANMA);
		assertEquals(61.73140954495006 / 80, r.suvFactor(), 1e-12);
	}

	@Test
	void otherUnitsAreRefused() {
		final SuvInputs in = startCase().header(Key.UNITS, "PROPCPS");
		final BadInputException e = assertThrows(BadInputException.class, () -> Suv.compute(in, SuvType.BW));
		assertTrue(e.getMessage().contains("0054,1001") && e.getMessage().contains("PROPCPS"), e.getMessage());
	}

	// ---------------------------------------------------------------- normalisers, hand-computed

	@Test
	void jamesLeanBodyMass() {
		// men 80 kg 180 cm: 1.10 x 80 - 128 x (80/180)^2 = 88 - 25.28395061728395 = 62.71604938271605
		assertEquals(62.71604938271605, Suv.leanBodyMassJames_kg(80, 180, true), 1e-12);
		// women 60 kg 165 cm: 1.07 x 60 - 148 x (60/165)^2 = 64.2 - 19.570247933884296 = 44.62975206611571
		assertEquals(44.62975206611571, Suv.leanBodyMassJames_kg(60, 165, false), 1e-12);
		final SuvResult r = Suv.compute(adminCase("M"), "lbm_james");
		assertEquals(62.71604938271605e3 / 370e6, r.suvFactor(), 1e-15);
		assertEquals("lbm_g", r.normaliserName());
	}

	@Test
	void janmahasatianLeanBodyMass() {
		// men 80 kg 180 cm: BMI = 80/1.8^2 = 24.691358; 9270 x 80 / (6680 + 216 BMI) = 741600 / 12013.3333 = 61.7314095
		assertEquals(61.73140954495006, Suv.leanBodyMassJanmahasatian_kg(80, 180, true), 1e-11);
		// women 60 kg 165 cm: BMI = 22.038567; 556200 / (8780 + 244 BMI) = 556200 / 14157.410468 = 39.2868457
		assertEquals(39.28684565900131, Suv.leanBodyMassJanmahasatian_kg(60, 165, false), 1e-11);
		final SuvResult r = Suv.compute(adminCase("M"), "lbm_janma");
		assertEquals(61.73140954495006e3 / 370e6, r.suvFactor(), 1e-15);
	}

	@Test
	void duBoisBodySurfaceArea() {
		// 0.007184 x 80^0.425 x 180^0.725 = 0.007184 x 6.43766 x 43.1669 = 1.99642 m^2
		assertEquals(1.9964210222750447, Suv.bodySurfaceAreaDuBois_m2(80, 180), 1e-12);
		final SuvResult r = Suv.compute(adminCase("F"), "bsa"); // sex does not matter
		assertEquals(1.9964210222750447e4 / 370e6, r.suvFactor(), 1e-15);
		assertEquals("cm2/mL", r.suvUnit());
	}

	@Test
	void devineIdealBodyWeight() {
		// men 180 cm = 70.866 in: 50 + 2.3 x 10.866 = 74.99212598425197
		assertEquals(74.99212598425197, Suv.idealBodyWeightDevine_kg(180, true), 1e-12);
		// women 165 cm = 64.961 in: 45.5 + 2.3 x 4.961 = 56.90944881889762
		assertEquals(56.90944881889762, Suv.idealBodyWeightDevine_kg(165, false), 1e-12);
		final SuvResult r = Suv.compute(adminCase("M"), "ibw");
		assertEquals(74.99212598425197e3 / 370e6, r.suvFactor(), 1e-15);
	}

	@Test
	void suvTypeNames() {
		assertEquals(SuvType.LBM_JANMA, SuvType.parse("LBM_Janma"));
		assertEquals(SuvType.BW, SuvType.parse(" "));
		final BadInputException e = assertThrows(BadInputException.class, () -> SuvType.parse("lbm"));
		assertTrue(e.getMessage().startsWith("suv_type:"), e.getMessage());
	}

	// ---------------------------------------------------------------- overrides

	@Test
	void overridesReplaceHeaderValuesAndSaySo() {
		final SuvInputs in = startCase();
		final Map<String, String> p = new HashMap<>();
		p.put("dose_mbq", "400");
		p.put("weight_kg", "75.5");
		p.put("height_cm", "175");
		p.put("injection_time", "08:45");
		p.put("suv_type", "bw"); // not an override: ignored
		p.put("half_life_s", " ");
		in.applyOverrides(p);
		assertEquals(SuvInputs.PARAMETER, in.source(Key.TOTAL_DOSE_BQ));
		assertEquals(400e6, in.number(Key.TOTAL_DOSE_BQ), 0);
		assertEquals(1.75, in.number(Key.SIZE_M), 1e-15);
		assertEquals(SuvInputs.HEADER, in.source(Key.HALF_LIFE_S));
		final SuvResult r = Suv.compute(in, SuvType.BW);
		assertEquals(2700, r.dtS(), 0);
		assertEquals(75500 / (400e6 * Math.pow(2, -2700 / F18_HALF_LIFE_S)), r.suvFactor(), 1e-18);
		@SuppressWarnings("unchecked")
		final Map<String, Object> dose = (Map<String, Object>) r.inputs().get("radionuclide_total_dose_bq");
		assertEquals("parameter", dose.get("source"));
		assertEquals("dose_mbq", dose.get("parameter"));
		assertEquals("400", dose.get("parameter_value"));
		assertEquals(370e6, dose.get("header_value"));
		@SuppressWarnings("unchecked")
		final Map<String, Object> inj = (Map<String, Object>) r.inputs().get("injection_time");
		assertEquals("parameter", inj.get("source"));
		assertTrue(r.rules().stream().anyMatch(s -> s.contains("injection_time parameter")), r.rules().toString());

		// full date-time overrides for injection and scan
		in.override("injection_time", "2024-03-15 08:00:00").override("scan_time", "20240315100000");
		assertEquals(7200, Suv.compute(in, SuvType.BW).dtS(), 0);
		in.override("scan_time", "09:00");
		assertEquals(3600, Suv.compute(in, SuvType.BW).dtS(), 0);
	}

	@Test
	void sexOverrideAndBadOverrides() {
		final SuvInputs in = adminCase("M").override("sex", "female");
		assertEquals("F", in.string(Key.SEX));
		assertEquals(44.62975206611571e3 / 370e6, Suv.compute(in.override("weight_kg", 60).override("height_cm", 165),
			"lbm_james").suvFactor(), 1e-15);
		assertTrue(assertThrows(BadInputException.class, () -> in.override("weight_kg", "-3")).getMessage().startsWith(
			"weight_kg:"));
		assertTrue(assertThrows(BadInputException.class, () -> in.override("sex", "x")).getMessage().startsWith(
			"sex:"));
		assertTrue(assertThrows(BadInputException.class, () -> in.override("injection_time", "25:00")).getMessage()
			.startsWith("injection_time:"));
		assertTrue(assertThrows(BadInputException.class, () -> in.override("dose", "3")).getMessage().startsWith(
			"dose:"));
	}

	// ---------------------------------------------------------------- missing values

	private static void assertMissing(final SuvInputs in, final SuvType type, final String tag, final String parameter) {
		final BadInputException e = assertThrows(BadInputException.class, () -> Suv.compute(in, type));
		assertTrue(e.getMessage().contains(tag), e.getMessage());
		if (parameter != null) assertTrue(e.getMessage().contains("give " + parameter), e.getMessage());
	}

	@Test
	void missingTagsNameTheTagAndTheOverride() {
		assertMissing(startCase().header(Key.TOTAL_DOSE_BQ, null), SuvType.BW, "RadionuclideTotalDose (0018,1074)",
			"dose_mbq");
		assertEquals("RadionuclideTotalDose (0018,1074): missing; give dose_mbq", assertThrows(BadInputException.class,
			() -> Suv.compute(startCase().header(Key.TOTAL_DOSE_BQ, ""), SuvType.BW)).getMessage());
		assertMissing(startCase().header(Key.WEIGHT_KG, null), SuvType.BW, "PatientWeight (0010,1030)", "weight_kg");
		assertMissing(startCase().header(Key.WEIGHT_KG, "0"), SuvType.BW, "PatientWeight (0010,1030)", "weight_kg");
		assertMissing(startCase().header(Key.HALF_LIFE_S, null), SuvType.BW, "RadionuclideHalfLife (0018,1075)",
			"half_life_s");
		assertMissing(startCase().header(Key.RADIOPHARMACEUTICAL_START_TIME, null), SuvType.BW, "(0018,1072)",
			"injection_time");
		assertMissing(startCase().header(Key.SERIES_TIME, null), SuvType.BW, "SeriesTime (0008,0031)", "scan_time");
		assertMissing(startCase().header(Key.SIZE_M, null), SuvType.LBM_JAMES, "PatientSize (0010,1020)", "height_cm");
		assertMissing(startCase().header(Key.SIZE_M, "175"), SuvType.BSA, "PatientSize (0010,1020)", "height_cm");
		assertMissing(startCase().header(Key.SEX, null), SuvType.IBW, "PatientSex (0010,0040)", "sex");
		assertMissing(startCase().header(Key.SEX, "O"), SuvType.LBM_JANMA, "PatientSex (0010,0040)", "sex");
		assertMissing(startCase().header(Key.DECAY_CORRECTION, null), SuvType.BW, "DecayCorrection (0054,1102)", null);
		assertMissing(startCase().header(Key.UNITS, null), SuvType.BW, "Units (0054,1001)", null);
		// a value the override repairs
		assertEquals(1.0, Suv.compute(startCase().header(Key.TOTAL_DOSE_BQ, null).override("dose_mbq", "370"),
			SuvType.BW).suvFactor() / Suv.compute(startCase(), SuvType.BW).suvFactor(), 1e-15);
	}

	@Test
	void malformedHeaderValuesNameTheTag() {
		final SuvInputs in = new SuvInputs();
		assertTrue(assertThrows(BadInputException.class, () -> in.header(Key.TOTAL_DOSE_BQ, "3.7e8 MBq")).getMessage()
			.startsWith("RadionuclideTotalDose (0018,1074):"));
		assertTrue(assertThrows(BadInputException.class, () -> in.header(Key.SERIES_TIME, "9:3")).getMessage()
			.startsWith("SeriesTime (0008,0031):"));
	}

	// ---------------------------------------------------------------- provenance

	@Test
	void toMapHasTheDocumentedKeys() {
		final Map<String, Object> m = Suv.compute(startCase(), SuvType.BW).toMap();
		assertEquals(List.of("suv_factor", "suv_type", "suv_unit", "units", "factor_applies_to", "method", "scan_start",
			"injection", "dt_s", "decay_factor", "decayed_dose_bq", "normaliser", "normaliser_value", "rules", "notes",
			"inputs"), List.copyOf(m.keySet()));
		assertEquals("bw", m.get("suv_type"));
		assertEquals("2024-03-15T09:30", m.get("scan_start"));
		assertEquals(3600.0, m.get("dt_s"));
		assertEquals(80000.0, m.get("normaliser_value"));
		@SuppressWarnings("unchecked")
		final Map<String, Map<String, Object>> inputs = (Map<String, Map<String, Object>>) m.get("inputs");
		assertEquals("header", inputs.get("patient_weight_kg").get("source"));
		assertEquals(80.0, inputs.get("patient_weight_kg").get("value"));
		assertEquals("0010,1030", inputs.get("patient_weight_kg").get("tag"));
		assertEquals("absent", inputs.get("ge_scan_date_time").get("source"));
		assertNull(inputs.get("ge_scan_date_time").get("value"));
		assertEquals("2024-03-15", inputs.get("series_date").get("value"));
	}
}
