package org.marrowj.pet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.marrowj.SharedData;

/**
 * The body-weight SUV factors of 8 real PET series (Siemens, GE, Philips; BQML and CNTS) against
 * the factors published with their headers (shared data {@code suv-header-cases}).
 */
class SuvHeaderCasesTest {

	static Stream<Arguments> cases() throws IOException {
		final File csv = SharedData.require("suv-header-cases/expected.csv");
		final List<String> lines = Files.readAllLines(csv.toPath(), StandardCharsets.UTF_8);
		final String[] head = lines.get(0).split(",");
		assertEquals("case", head[0]);
		assertEquals("expected_suvbw_factor_g_per_bq", head[2]);
		final List<Arguments> out = new ArrayList<>();
		for (final String line : lines.subList(1, lines.size())) {
			if (line.trim().isEmpty()) continue;
			final String[] f = line.split(",", 5);
			out.add(Arguments.of(f[0], f[1], Double.parseDouble(f[2]), Double.parseDouble(f[3])));
		}
		assertEquals(8, out.size(), "expected.csv lists 8 cases");
		return out.stream();
	}

	/** The header strings of one instance, keyed by DICOM keyword or tag, as a header reader would give them. */
	static Map<String, String> headerStrings(final JsonObject o) {
		final Map<String, String> m = new HashMap<>();
		for (final Map.Entry<String, JsonElement> e : o.entrySet())
			if (e.getValue().isJsonPrimitive()) m.put(e.getKey(), e.getValue().getAsString());
		final JsonElement philips = o.get("PhilipsPETPrivateGroup");
		if (philips != null && philips.isJsonObject()) {
			final JsonObject p = philips.getAsJsonObject();
			if (p.has("SUVScaleFactor")) m.put("7053,1000", p.get("SUVScaleFactor").getAsString());
			if (p.has("ActivityConcentrationScaleFactor")) m.put("7053,1009", p.get("ActivityConcentrationScaleFactor")
				.getAsString());
		}
		return m;
	}

	static SuvInputs inputs(final JsonArray instances) {
		final Map<String, String> first = headerStrings(instances.get(0).getAsJsonObject());
		first.remove("AcquisitionDate");
		first.remove("AcquisitionTime");
		final SuvInputs in = SuvInputs.fromHeader(first);
		for (final JsonElement e : instances) {
			final JsonObject o = e.getAsJsonObject();
			in.addAcquisition(o.get("AcquisitionDate").getAsString(), o.get("AcquisitionTime").getAsString());
		}
		return in;
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void bodyWeightFactorMatchesThePublishedFactor(final String name, final String file, final double expected,
		final double tolerance) throws IOException
	{
		final File json = SharedData.require("suv-header-cases/" + file);
		final JsonArray instances;
		try (Reader r = Files.newBufferedReader(json.toPath(), StandardCharsets.UTF_8)) {
			instances = JsonParser.parseReader(r).getAsJsonArray();
		}
		assertEquals(3, instances.size());
		final SuvResult r = Suv.compute(inputs(instances), "bw");
		assertEquals(expected, r.suvFactor(), tolerance, name);
		// far tighter than the published tolerance: the same rules give the same number
		assertEquals(expected, r.suvFactor(), expected * 1e-9, name + " relative 1e-9");
		assertEquals(SuvType.BW, r.suvType());

		final String units = instances.get(0).getAsJsonObject().get("Units").getAsString();
		if (units.equals("CNTS")) assertTrue(r.method().contains("7053,1000"), r.method());
		if (name.equals("CPS_AND_BQML_AC_DT_-_S_DT")) {
			// series 13:49:18 is after the acquisition 13:03:48.234: the acquisition is the scan start
			assertEquals("2020-12-17T13:03:48.234", r.scanStart().toString());
			assertEquals(3791.234, r.dtS(), 1e-9);
			assertTrue(r.rules().stream().anyMatch(s -> s.startsWith("scan start = earliest acquisition date-time")), r
				.rules().toString());
		}
		if (name.equals("RADIOPHARM_DATETIME_UNDEFINED")) {
			assertEquals("2020-12-17T12:50", r.injection().toString());
			assertEquals(3871.843, r.dtS(), 1e-9);
		}
		if (name.equals("SIEMENS")) {
			// series 10:48:29 is before the acquisition 10:48:30.35137: the series is the scan start
			assertEquals("2020-12-17T10:48:29", r.scanStart().toString());
			assertEquals(8264, r.dtS(), 1e-9);
		}
	}
}
