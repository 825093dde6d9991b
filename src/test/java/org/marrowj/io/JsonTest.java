package org.marrowj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.marrowj.BadInputException;

class JsonTest {

	@Test
	void compactKeepsOrderAndDoesNotEscapeHtml() {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("path", "C:\\data\\it's <ct>");
		m.put("n", 3);
		m.put("x", List.of(0.5, -1.0));
		m.put("absent", null);
		assertEquals("{\"path\":\"C:\\\\data\\\\it's <ct>\",\"n\":3,\"x\":[0.5,-1.0]}", Json.compact(m));
	}

	@Test
	void nonFiniteNumbersAreRefused() {
		assertThrows(IllegalArgumentException.class, () -> Json.compact(Map.of("v", Double.NaN)));
		assertThrows(IllegalArgumentException.class, () -> Json.compact(Map.of("v", Double.POSITIVE_INFINITY)));
	}

	@Test
	void parseObject() {
		assertEquals(2.0, Json.parseObject("{\"a\":2}", "t").get("a"));
		final BadInputException e = assertThrows(BadInputException.class, () -> Json.parseObject("[1,2]", "list.json"));
		assertEquals("list.json", e.subject());
	}
}
