package dev.capstan.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tiny real Django project for migration tests: app {@code blog} with a chosen run of migrations
 * (0001 CreateModel, 0002 AddField {@code subtitle}, 0003 a RunPython without reverse code) and the
 * model they leave; its SQLite database at {@code DATABASE_PATH} (environment) or a path given.
 */
public final class DjangoBlog {

  /** Every migration this project knows, in order. */
  public static final List<String> MIGRATIONS =
      List.of("0001_initial", "0002_post_subtitle", "0003_fill");

  private DjangoBlog() {}

  /**
   * Writes the project into {@code dir} with the first {@code migrations} of {@link #MIGRATIONS}.
   *
   * @param database the SQLite file, or null to read it from {@code DATABASE_PATH}
   */
  public static void write(Path dir, String database, int migrations) throws IOException {
    write(
        dir.resolve("manage.py"),
        """
        import os, sys
        os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')
        from django.core.management import execute_from_command_line
        execute_from_command_line(sys.argv)
        """);
    write(dir.resolve("proj/__init__.py"), "");
    write(
        dir.resolve("proj/settings.py"),
        """
        SECRET_KEY = 'test'
        import os
        HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        INSTALLED_APPS = [a for a in ['blog', 'shop'] if os.path.isdir(os.path.join(HERE, a))]
        DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': %s}}
        USE_TZ = True
        ROOT_URLCONF = 'proj.urls'
        ALLOWED_HOSTS = ['*']
        """
            .formatted(database == null ? "os.environ['DATABASE_PATH']" : pythonString(database)));
    write(
        dir.resolve("proj/urls.py"),
        """
        from django.http import HttpResponse
        from django.urls import path
        def posts(request):
            from blog.models import Post
            return HttpResponse('posts=%d' % Post.objects.count())
        urlpatterns = [path('', posts)]
        """);
    write(
        dir.resolve("proj/wsgi.py"),
        """
        import os
        os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')
        from django.core.wsgi import get_wsgi_application
        application = get_wsgi_application()
        """);
    write(dir.resolve("blog/__init__.py"), "");
    write(dir.resolve("blog/migrations/__init__.py"), "");
    write(
        dir.resolve("blog/models.py"),
        """
        from django.db import models
        class Post(models.Model):
            title = models.CharField(max_length=100)
        """
            + (migrations >= 2
                ? "    subtitle = models.CharField(max_length=100, default='')\n"
                : ""));
    for (String migration : MIGRATIONS.subList(0, migrations)) {
      write(dir.resolve("blog/migrations/" + migration + ".py"), migration(migration));
    }
    for (String migration : MIGRATIONS.subList(migrations, MIGRATIONS.size())) {
      Files.deleteIfExists(dir.resolve("blog/migrations/" + migration + ".py"));
    }
  }

  /**
   * Commits the project with its first {@code migrations} into {@code repo}'s {@code app/}, with a
   * {@code requirements.txt} naming Django (which Debian's python3-django satisfies): the commit.
   */
  public static String commit(GitRepo repo, int migrations) throws IOException {
    write(repo.dir().resolve("app"), null, migrations);
    repo.write("app/requirements.txt", "Django\n");
    return repo.commit(migrations + " migrations");
  }

  /** The columns of {@code blog_post} in {@code database}, as the sqlite3 CLI prints them. */
  public static String columns(Path database) throws Exception {
    return sqlite(database, "PRAGMA table_info(blog_post);");
  }

  /** What the sqlite3 CLI prints for {@code command} on {@code database}; it must exit 0. */
  public static String sqlite(Path database, String command) throws Exception {
    Path sqlite3 = RequiredTools.program("sqlite3", "sqlite3");
    Process p =
        new ProcessBuilder(sqlite3.toString(), database.toString(), command)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "sqlite3 did not finish");
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  private static String migration(String name) {
    return switch (name) {
      case "0001_initial" ->
          """
          from django.db import migrations, models
          class Migration(migrations.Migration):
              initial = True
              dependencies = []
              operations = [migrations.CreateModel(name='Post', fields=[
                  ('id', models.AutoField(primary_key=True)),
                  ('title', models.CharField(max_length=100))])]
          """;
      case "0002_post_subtitle" ->
          """
          from django.db import migrations, models
          class Migration(migrations.Migration):
              dependencies = [('blog', '0001_initial')]
              operations = [migrations.AddField(model_name='post', name='subtitle',
                  field=models.CharField(max_length=100, default=''))]
          """;
      case "0003_fill" ->
          """
          from django.db import migrations
          def fill(apps, schema_editor):
              apps.get_model('blog', 'Post').objects.update(subtitle='-')
          class Migration(migrations.Migration):
              dependencies = [('blog', '0002_post_subtitle')]
              operations = [migrations.RunPython(fill)]
          """;
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static String pythonString(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static void write(Path path, String text) throws IOException {
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
  }
}
