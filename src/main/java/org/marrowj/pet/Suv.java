package org.marrowj.pet;

import static org.marrowj.pet.SuvInputs.Key.DECAY_CORRECTION;
import static org.marrowj.pet.SuvInputs.Key.EARLIEST_ACQUISITION;
import static org.marrowj.pet.SuvInputs.Key.GE_SCAN_DATE_TIME;
import static org.marrowj.pet.SuvInputs.Key.HALF_LIFE_S;
import static org.marrowj.pet.SuvInputs.Key.INJECTION_TIME;
import static org.marrowj.pet.SuvInputs.Key.PHILIPS_ACTIVITY_SCALE_FACTOR;
import static org.marrowj.pet.SuvInputs.Key.PHILIPS_SUV_SCALE_FACTOR;
import static org.marrowj.pet.SuvInputs.Key.RADIOPHARMACEUTICAL_START_DATE_TIME;
import static org.marrowj.pet.SuvInputs.Key.RADIOPHARMACEUTICAL_START_TIME;
import static org.marrowj.pet.SuvInputs.Key.RESCALE_SLOPE;
import static org.marrowj.pet.SuvInputs.Key.SCAN_TIME;
import static org.marrowj.pet.SuvInputs.Key.SERIES_DATE;
import static org.marrowj.pet.SuvInputs.Key.SERIES_TIME;
import static org.marrowj.pet.SuvInputs.Key.SEX;
import static org.marrowj.pet.SuvInputs.Key.SIZE_M;
import static org.marrowj.pet.SuvInputs.Key.TOTAL_DOSE_BQ;
import static org.marrowj.pet.SuvInputs.Key.UNITS;
import static org.marrowj.pet.SuvInputs.Key.WEIGHT_KG;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

import org.marrowj.BadInputException;
import org.marrowj.pet.SuvInputs.Key;

/**
 * SUV conversion factors by the QIBA vendor-neutral rules (QIBA FDG-PET/CT profile, "vendor
 * neutral pseudo-code for SUV calculation").
 * <p>
 * Body-weight SUV: SUVbw = C[Bq/mL] x W[g] / (D_inj[Bq] x 2^(-dt/T_half)), so the factor is
 * W[g] / (D_inj x 2^(-dt/T_half)) in g/Bq (g/mL per Bq/mL). Other normalisers N replace W[g]
 * ({@link SuvType}).
 * <ul>
 * <li>DecayCorrection (0054,1102) START: dt = scan start - injection; ADMIN: dt = 0; NONE:
 * refused (each frame would need its own decay handling).</li>
 * <li>Scan start: series date-time, unless it is after the earliest acquisition date-time (a
 * re-processed series); then the GE private scan start date-time (0009,100D) where present, else
 * the earliest acquisition date-time.</li>
 * <li>Injection: RadiopharmaceuticalStartDateTime (0018,1078); else RadiopharmaceuticalStartTime
 * (0018,1072) on the scan start date (the series date, except when the earliest acquisition was
 * used), or on the day before when that time of day is after the scan start (injection before
 * midnight, scan after).</li>
 * <li>Units (0054,1001) BQML: as above. CNTS (Philips): the private SUV scale factor (7053,1000)
 * converts rescaled counts to SUVbw directly; without it, rescaled counts x the private activity
 * concentration scale factor (7053,1009) are Bq/mL (stored x RescaleSlope x (7053,1009)) and the
 * BQML formula applies. GML: already SUVbw, factor 1.</li>
 * </ul>
 * The factor multiplies the rescaled pixel value (stored x RescaleSlope + RescaleIntercept, slope
 * per slice); it does not contain the slope. Missing or unusable values are a
 * {@link BadInputException} naming the DICOM attribute and the parameter that overrides it.
 */
public final class Suv {

	private Suv() {}

	/** The factor for {@code suvType} (a {@code suv_type} parameter value; null or blank = bw). */
	public static SuvResult compute(final SuvInputs in, final String suvType) {
		return compute(in, SuvType.parse(suvType));
	}

	/** The factor for {@code type} from {@code in}; see the class description for the rules. */
	public static SuvResult compute(final SuvInputs in, final SuvType type) {
		return new Calculation(in, type).run();
	}

	// ---------------------------------------------------------------- body size

	/**
	 * Lean body mass, James (1976): men 1.10 W - 128 (W/H)^2, women 1.07 W - 148 (W/H)^2, W in kg,
	 * H in cm. The formula is a parabola in W and falls beyond W = 1.10 H^2/256 (men), 1.07 H^2/296
	 * (women), i.e. for BMI above about 43 (men) or 36 (women).
	 */
	public static double leanBodyMassJames_kg(final double weight_kg, final double height_cm, final boolean male) {
		final double r = weight_kg / height_cm;
		return male ? 1.10 * weight_kg - 128 * r * r : 1.07 * weight_kg - 148 * r * r;
	}

	/**
	 * Lean body mass, Janmahasatian et al. (2005) Clin Pharmacokinet 44:1051: men 9270 W / (6680 +
	 * 216 BMI), women 9270 W / (8780 + 244 BMI), W in kg, BMI = W / H[m]^2.
	 */
	public static double leanBodyMassJanmahasatian_kg(final double weight_kg, final double height_cm,
		final boolean male)
	{
		final double hm = height_cm / 100;
		final double bmi = weight_kg / (hm * hm);
		return male ? 9270 * weight_kg / (6680 + 216 * bmi) : 9270 * weight_kg / (8780 + 244 * bmi);
	}

	/** Body surface area, DuBois and DuBois (1916): BSA[m^2] = 0.007184 W[kg]^0.425 H[cm]^0.725. */
	public static double bodySurfaceAreaDuBois_m2(final double weight_kg, final double height_cm) {
		return 0.007184 * Math.pow(weight_kg, 0.425) * Math.pow(height_cm, 0.725);
	}

	/**
	 * Ideal body weight, Devine (1974) Drug Intell Clin Pharm 8:650: men 50 + 2.3 (H[in] - 60),
	 * women 45.5 + 2.3 (H[in] - 60), in kg, H[in] = H[cm] / 2.54.
	 */
	public static double idealBodyWeightDevine_kg(final double height_cm, final boolean male) {
		return (male ? 50 : 45.5) + 2.3 * (height_cm / 2.54 - 60);
	}

	// ---------------------------------------------------------------- calculation

	private static final class Calculation {

		private final SuvInputs in;
		private final SuvType type;
		private final List<String> rules = new ArrayList<>();
		private final List<String> notes = new ArrayList<>();
		/** Why the scan start or injection could not be determined (thrown only when they are needed). */
		private BadInputException timeProblem;

		Calculation(final SuvInputs in, final SuvType type) {
			this.in = in;
			this.type = type;
		}

		SuvResult run() {
			final String units = in.string(UNITS);
			if (units == null) throw new BadInputException(UNITS.label(),
				"missing; the unit of the pixel values (BQML, CNTS or GML) must be known to convert them to SUV");
			// route: either the dose with decay (multiplier x N / decayed dose) or a stored SUVbw factor
			boolean decayRoute = false;
			double multiplier = 1, storedSuvbw = Double.NaN;
			final String method;
			switch (units) {
				case "BQML":
					decayRoute = true;
					method = "Units BQML: normaliser / decayed dose";
					rules.add("Units BQML: rescaled pixel values are Bq/mL");
					break;
				case "CNTS": {
					final Double suvScale = in.number(PHILIPS_SUV_SCALE_FACTOR);
					final Double acScale = in.number(PHILIPS_ACTIVITY_SCALE_FACTOR);
					if (suvScale != null && suvScale > 0) {
						storedSuvbw = suvScale;
						method = "Units CNTS: Philips private SUV scale factor (7053,1000)";
						rules.add("Units CNTS: Philips private SUV scale factor (7053,1000) = " + suvScale +
							" converts rescaled counts to SUVbw");
					}
					else if (acScale != null && acScale > 0) {
						decayRoute = true;
						multiplier = acScale;
						method = "Units CNTS: Philips activity concentration scale factor (7053,1009) x normaliser / decayed dose";
						rules.add("Units CNTS: no usable (7053,1000); rescaled counts x activity concentration scale factor " +
							"(7053,1009) = " + acScale + " are Bq/mL (stored x RescaleSlope x (7053,1009)), then the BQML formula");
					}
					else throw new BadInputException(UNITS.label(),
						"CNTS needs the Philips private SUV scale factor (7053,1000) or activity concentration scale factor " +
							"(7053,1009); neither is present and non-zero");
					final Double slope = in.number(RESCALE_SLOPE);
					if (slope != null) notes.add("RescaleSlope (0028,1053) = " + slope +
						" is applied to the stored values (per slice) before this factor, not folded into it");
					break;
				}
				case "GML":
					storedSuvbw = 1;
					method = "Units GML: pixel values already SUVbw";
					rules.add("Units GML: rescaled pixel values are already SUV (g/mL); SUVbw factor 1");
					notes.add("Units GML is taken to be body-weight SUV (the header does not say which SUV)");
					break;
				default:
					throw new BadInputException(UNITS.label(), "'" + units +
						"' cannot be converted to SUV; supported: BQML, CNTS (Philips private scale factors), GML");
			}

			LocalDateTime scan = null, injection = null;
			Double dtS = null, decay = null, decayedDose = null;
			if (decayRoute) {
				final String dc = in.string(DECAY_CORRECTION);
				if (dc == null) throw new BadInputException(DECAY_CORRECTION.label(),
					"missing; converting Bq/mL to SUV needs to know whether the images are decay corrected to the scan " +
						"start (START) or to the injection (ADMIN)");
				switch (dc) {
					case "START": {
						scan = scanStart();
						if (scan == null) throw timeProblem;
						injection = injection(scan);
						if (injection == null) throw timeProblem;
						final Duration d = Duration.between(injection, scan);
						dtS = d.getSeconds() + d.getNano() * 1e-9;
						if (dtS < 0) throw new BadInputException("injection_time", "injection " + injection +
							" is after the scan start " + scan + "; check the injection and series times or give injection_time " +
							"and scan_time");
						if (dtS > 12 * 3600.0) notes.add("decay time " + dtS / 3600 +
							" h is unusually long; check the injection and scan dates");
						final double half = positive(HALF_LIFE_S, "half-life");
						decay = Math.pow(2, -dtS / half);
						rules.add("DecayCorrection START: dt = scan start - injection = " + dtS + " s; decay factor 2^(-dt/" +
							half + " s) = " + decay);
						break;
					}
					case "ADMIN":
						dtS = 0.0;
						decay = 1.0;
						rules.add("DecayCorrection ADMIN: images are decay corrected to the injection; dt = 0");
						scan = scanStart();
						if (scan != null) injection = injection(scan);
						break;
					case "NONE":
						throw new BadInputException(DECAY_CORRECTION.label(),
							"NONE: the images are not decay corrected; SUV of such PET needs per-frame decay handling " +
								"(each frame decayed to its own acquisition time), which this conversion does not do");
					default:
						throw new BadInputException(DECAY_CORRECTION.label(), "'" + dc + "' is not START, ADMIN or NONE");
				}
				decayedDose = positive(TOTAL_DOSE_BQ, "dose") * decay;
			}
			else {
				// recorded when available, not needed
				scan = scanStart();
				if (scan != null) injection = injection(scan);
				if (in.has(DECAY_CORRECTION)) rules.add("DecayCorrection " + in.string(DECAY_CORRECTION) +
					": not used (the header factor already holds the decay)");
			}

			// normaliser
			final String normaliserName;
			final Double normaliser;
			if (type == SuvType.BW && !decayRoute) {
				normaliserName = "weight_g";
				final Double w = in.number(WEIGHT_KG);
				normaliser = w != null && w > 0 ? w * 1000 : null;
			}
			else {
				normaliser = normaliser();
				normaliserName = type == SuvType.BW ? "weight_g" : type == SuvType.BSA ? "bsa_cm2" :
					type == SuvType.IBW ? "ibw_g" : "lbm_g";
			}

			final double factor;
			if (decayRoute) {
				factor = multiplier * normaliser / decayedDose;
				rules.add("SUV" + type.key() + " factor = " + (multiplier != 1 ? "(7053,1009) x " : "") + normaliserName +
					" / decayed dose");
			}
			else if (type == SuvType.BW) factor = storedSuvbw;
			else {
				final double weightG = weightKg() * 1000;
				factor = storedSuvbw * normaliser / weightG;
				rules.add("SUV" + type.key() + " factor = SUVbw factor x " + normaliserName + " / weight_g");
			}
			if (!(factor > 0) || Double.isInfinite(factor)) throw new BadInputException("suv_type", "SUV" + type.key() +
				" factor " + factor + " is not a positive number");
			return new SuvResult(factor, type, units, method, scan, injection, dtS, decay, decayedDose, normaliserName,
				normaliser, rules, notes, in.toMap());
		}

		// ------------------------------------------------------------ times

		/** The scan start, or null (with {@link #timeProblem} set) when it cannot be determined. */
		private LocalDateTime scanStart() {
			final Object given = in.value(SCAN_TIME);
			final LocalDate seriesDate = in.date(SERIES_DATE);
			final LocalTime seriesTime = in.time(SERIES_TIME);
			final LocalDateTime acq = in.dateTime(EARLIEST_ACQUISITION);
			final LocalDateTime ge = in.dateTime(GE_SCAN_DATE_TIME);
			if (given instanceof LocalDateTime) {
				rules.add("scan start = scan_time parameter " + given);
				return (LocalDateTime) given;
			}
			if (given instanceof LocalTime) {
				final LocalDate d = seriesDate != null ? seriesDate : acq != null ? acq.toLocalDate() : null;
				if (d == null) {
					timeProblem = new BadInputException("scan_time", "'" + given + "' has no date and " + SERIES_DATE
						.label() + " is missing; give scan_time as a date-time YYYY-MM-DD HH:MM:SS");
					return null;
				}
				final LocalDateTime s = LocalDateTime.of(d, (LocalTime) given);
				rules.add("scan start = scan_time parameter " + given + " on " + (seriesDate != null ? "the series date"
					: "the earliest acquisition date") + " = " + s);
				return s;
			}
			final LocalDateTime series = seriesDate != null && seriesTime != null ? LocalDateTime.of(seriesDate,
				seriesTime) : null;
			if (series != null) {
				if (acq == null) {
					rules.add("scan start = series date-time " + series + " (no acquisition date-time to compare)");
					return series;
				}
				if (!series.isAfter(acq)) {
					rules.add("scan start = series date-time " + series +
						" (not after the earliest acquisition date-time " + acq + ")");
					return series;
				}
				if (ge != null) {
					rules.add("scan start = GE private scan start date-time (0009,100D) " + ge + " because series date-time " +
						series + " is after the earliest acquisition date-time " + acq);
					return ge;
				}
				rules.add("scan start = earliest acquisition date-time " + acq + " because series date-time " + series +
					" is later");
				return acq;
			}
			final String missing = seriesDate == null ? SERIES_DATE.label() : SERIES_TIME.label();
			if (ge != null) {
				rules.add("scan start = GE private scan start date-time (0009,100D) " + ge + " because " + missing +
					" is missing");
				return ge;
			}
			if (acq != null) {
				rules.add("scan start = earliest acquisition date-time " + acq + " because " + missing + " is missing");
				return acq;
			}
			timeProblem = new BadInputException(missing, "missing and no acquisition date-time; give scan_time");
			return null;
		}

		/** The injection date-time, or null (with {@link #timeProblem} set) when it cannot be determined. */
		private LocalDateTime injection(final LocalDateTime scan) {
			final Object given = in.value(INJECTION_TIME);
			if (given instanceof LocalDateTime) {
				rules.add("injection = injection_time parameter " + given);
				return (LocalDateTime) given;
			}
			if (given instanceof LocalTime) return onScanDay((LocalTime) given, scan, "injection_time parameter");
			final LocalDateTime startDT = in.dateTime(RADIOPHARMACEUTICAL_START_DATE_TIME);
			final LocalTime startT = in.time(RADIOPHARMACEUTICAL_START_TIME);
			if (startDT != null) {
				rules.add("injection = RadiopharmaceuticalStartDateTime (0018,1078) " + startDT);
				if (startT != null && !startT.equals(startDT.toLocalTime())) notes.add(
					"RadiopharmaceuticalStartTime (0018,1072) " + startT +
						" differs from the time of RadiopharmaceuticalStartDateTime (0018,1078); the date-time was used");
				return startDT;
			}
			if (startT != null) return onScanDay(startT, scan, "RadiopharmaceuticalStartTime (0018,1072)");
			timeProblem = new BadInputException(RADIOPHARMACEUTICAL_START_TIME.label(),
				"missing, and RadiopharmaceuticalStartDateTime (0018,1078) too; give injection_time");
			return null;
		}

		/** Time of day {@code t} on the scan start date, or the day before when it is after the scan start. */
		private LocalDateTime onScanDay(final LocalTime t, final LocalDateTime scan, final String what) {
			final LocalDate day = scan.toLocalDate();
			final LocalDate seriesDate = in.date(SERIES_DATE);
			final String dayName = day.equals(seriesDate) ? "series date" : "scan start date";
			final LocalDateTime same = LocalDateTime.of(day, t);
			if (same.isAfter(scan)) {
				final LocalDateTime before = same.minusDays(1);
				rules.add("injection = " + what + " " + t + " on the day before the " + dayName + " = " + before +
					", because " + t + " is after the scan start time of day " + scan.toLocalTime());
				return before;
			}
			rules.add("injection = " + dayName + " + " + what + " = " + same);
			return same;
		}

		// ------------------------------------------------------------ body

		private double normaliser() {
			final double w = weightKg();
			switch (type) {
				case BW:
					return w * 1000;
				case BSA: {
					final double h = heightCm();
					final double bsa = bodySurfaceAreaDuBois_m2(w, h);
					rules.add("BSA (DuBois) = 0.007184 x " + w + "^0.425 x " + h + "^0.725 = " + bsa + " m2");
					return bsa * 1e4;
				}
				case IBW: {
					final double h = heightCm();
					final boolean male = male();
					final double ibw = idealBodyWeightDevine_kg(h, male);
					if (!(ibw > 0)) throw new BadInputException(SIZE_M.label(), "height " + h + " cm gives ideal body weight " +
						ibw + " kg (Devine), not positive; give height_cm");
					rules.add("IBW (Devine, " + (male ? "men" : "women") + ") = " + ibw + " kg");
					return ibw * 1000;
				}
				case LBM_JAMES: {
					final double h = heightCm();
					final boolean male = male();
					final double lbm = leanBodyMassJames_kg(w, h, male);
					if (!(lbm > 0)) throw new BadInputException(WEIGHT_KG.label(), "weight " + w + " kg and height " + h +
						" cm give James lean body mass " + lbm + " kg, not positive; use suv_type lbm_janma");
					final double peak = (male ? 1.10 * h * h / 256 : 1.07 * h * h / 296);
					if (w > peak) notes.add("James formula is past its maximum (weight above " + peak +
						" kg for this height): it underestimates lean body mass; lbm_janma is more robust");
					rules.add("LBM (James, " + (male ? "men" : "women") + ") = " + lbm + " kg");
					return lbm * 1000;
				}
				case LBM_JANMA: {
					final double h = heightCm();
					final boolean male = male();
					final double lbm = leanBodyMassJanmahasatian_kg(w, h, male);
					rules.add("LBM (Janmahasatian, " + (male ? "men" : "women") + ") = " + lbm + " kg");
					return lbm * 1000;
				}
				default:
					throw new IllegalStateException(type.toString());
			}
		}

		private double weightKg() {
			final double w = positive(WEIGHT_KG, "weight");
			if (w > 700) throw new BadInputException(WEIGHT_KG.label(), w +
				" is not a plausible weight in kg; give weight_kg");
			return w;
		}

		private double heightCm() {
			final double h = positive(SIZE_M, "height");
			if (h > 3) throw new BadInputException(SIZE_M.label(), h +
				" is not a plausible height in metres (PatientSize is in m); give height_cm");
			return h * 100;
		}

		private boolean male() {
			final String s = in.string(SEX);
			if (s == null) throw new BadInputException(SEX.label(), "missing; " + type.key() +
				" differs between men and women; give sex (M or F)");
			if (s.equals("M")) return true;
			if (s.equals("F")) return false;
			throw new BadInputException(SEX.label(), "'" + s + "'; " + type.key() +
				" needs M or F; give sex (M or F)");
		}

		private double positive(final Key key, final String what) {
			final Double v = in.number(key);
			if (v == null) throw new BadInputException(key.label(), "missing; give " + key.parameter());
			if (!(v > 0)) throw new BadInputException(key.label(), v + " is not a usable " + what + "; give " + key
				.parameter());
			return v;
		}
	}
}
