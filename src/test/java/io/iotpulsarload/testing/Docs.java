package io.iotpulsarload.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The user's documentation as the tests read it: the README and the reference pages under {@code docs/}. */
public final class Docs {

  private Docs() {}

  /** README.md, then every {@code docs/*.md} in name order, joined with "\n". */
  public static String docs() throws IOException {
    List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> pages = Files.list(Path.of("docs"))) {
      pages.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(files::add);
    }
    List<String> texts = new ArrayList<>();
    for (Path file : files) {
      texts.add(Files.readString(file));
    }
    return String.join("\n", texts);
  }

  /** One page of {@code docs/}, e.g. {@code page("settings.md")}. */
  public static String page(String name) throws IOException {
    return Files.readString(Path.of("docs", name));
  }
}
