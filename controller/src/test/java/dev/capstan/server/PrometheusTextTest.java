package dev.capstan.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testing.PrometheusText;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The test-side parser must catch the mistakes an exposition writer can make. */
class PrometheusTextTest {

  private static final String COUNTER = "# HELP c_total Things.\n# TYPE c_total counter\n";
  private static final String HISTOGRAM = "# HELP h Times.\n# TYPE h histogram\n";

  @Test
  void readsLabelsValuesCommentsAndTimestamps() {
    PrometheusText text =
        PrometheusText.parse(
            "# a free comment\n"
                + COUNTER
                + "c_total{a=\"x\\\\y\\\"z\\n\",b=\"\",} 2.5e3 1700000000000\n"
                + "\n"
                + "# HELP g Level\\nwith a second line.\n# TYPE g gauge\n"
                + "g -Inf\n"
                + "g{x=\"1\"} NaN\n");

    assertEquals(2500, text.value("c_total", "a", "x\\y\"z\n", "b", ""));
    assertEquals(Double.NEGATIVE_INFINITY, text.value("g"));
    assertTrue(Double.isNaN(text.value("g", "x", "1")));
    assertEquals("Level\nwith a second line.", text.family("g").help());
    assertEquals(Map.of("x", "1"), text.samples("g").get(1).labels());
  }

  @Test
  void readsAConsistentHistogram() {
    PrometheusText text =
        PrometheusText.parse(
            HISTOGRAM
                + "h_bucket{e=\"p\",le=\"0.5\"} 1\n"
                + "h_bucket{e=\"p\",le=\"+Inf\"} 3\n"
                + "h_sum{e=\"p\"} 4.5\n"
                + "h_count{e=\"p\"} 3\n");

    assertEquals(4, text.family("h").samples().size());
    assertEquals(3, text.value("h_count", "e", "p"));
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        mistake("a sample without a family", "undeclared 1\n"),
        mistake("a family without HELP", "# TYPE g gauge\ng 1\n"),
        mistake("TYPE after the samples", "# HELP g G.\ng 1\n# TYPE g gauge\n"),
        mistake("an unknown type", "# HELP g G.\n# TYPE g meter\ng 1\n"),
        mistake("two TYPE lines", "# HELP g G.\n# TYPE g gauge\n# TYPE g gauge\ng 1\n"),
        mistake("no final newline", COUNTER + "c_total 1"),
        mistake("a Java-only number", COUNTER + "c_total 1d\n"),
        mistake("Java's infinity", COUNTER + "c_total Infinity\n"),
        mistake("a negative counter", COUNTER + "c_total -1\n"),
        mistake("an invalid escape", COUNTER + "c_total{a=\"\\t\"} 1\n"),
        mistake("an unescaped newline", COUNTER + "c_total{a=\"x\n\"} 1\n"),
        mistake("an unterminated label value", COUNTER + "c_total{a=\"x} 1\n"),
        mistake("an unquoted label value", COUNTER + "c_total{a=x} 1\n"),
        mistake("a reserved label name", COUNTER + "c_total{__name__=\"x\"} 1\n"),
        mistake("an invalid label name", COUNTER + "c_total{a-b=\"x\"} 1\n"),
        mistake("a repeated label", COUNTER + "c_total{a=\"x\",a=\"y\"} 1\n"),
        mistake("a duplicate sample", COUNTER + "c_total{a=\"x\"} 1\nc_total{a=\"x\"} 2\n"),
        mistake("trailing text", COUNTER + "c_total 1 2 3\n"),
        mistake("a fractional timestamp", COUNTER + "c_total 1 2.5\n"),
        mistake("a leading blank", COUNTER + " c_total 1\n"),
        mistake(
            "interleaved families",
            COUNTER + "# HELP g G.\n# TYPE g gauge\nc_total 1\ng 1\nc_total{a=\"x\"} 1\n"),
        mistake(
            "a histogram without +Inf", HISTOGRAM + "h_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n"),
        mistake(
            "buckets that are not cumulative",
            HISTOGRAM + "h_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"),
        mistake(
            "+Inf differing from _count",
            HISTOGRAM + "h_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n"),
        mistake(
            "buckets out of order",
            HISTOGRAM
                + "h_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\n"
                + "h_sum 1\nh_count 1\n"),
        mistake("a histogram without _sum", HISTOGRAM + "h_bucket{le=\"+Inf\"} 1\nh_count 1\n"),
        mistake("a bare histogram sample", HISTOGRAM + "h 1\n"),
        mistake(
            "le on _count", HISTOGRAM + "h_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count{le=\"1\"} 1\n"),
        mistake(
            "a bound that is no number",
            HISTOGRAM + "h_bucket{le=\"one\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"));
  }

  @ParameterizedTest(name = "rejects {0}")
  @MethodSource("mistakes")
  void rejects(String mistake, String text) {
    assertThrows(AssertionError.class, () -> PrometheusText.parse(text));
  }

  @Test
  void saysWhichLineIsWrong() {
    AssertionError error =
        assertThrows(AssertionError.class, () -> PrometheusText.parse(COUNTER + "c_total 1d\n"));

    assertEquals("line 3: not a float, +Inf, -Inf or NaN: 1d: c_total 1d", error.getMessage());
  }

  @Test
  void namesTheLabelSetsPresentWhenASampleIsMissing() {
    PrometheusText text = PrometheusText.parse(COUNTER + "c_total{a=\"x\"} 1\n");

    AssertionError error =
        assertThrows(AssertionError.class, () -> text.value("c_total", "a", "y"));

    assertTrue(error.getMessage().contains("{a=x}"), error.getMessage());
  }

  private static Arguments mistake(String description, String text) {
    return Arguments.of(description, text);
  }
}
