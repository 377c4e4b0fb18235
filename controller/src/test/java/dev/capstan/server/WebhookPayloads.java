package dev.capstan.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Realistic (trimmed) webhook bodies from GitHub and GitLab, and GitHub's body signature. */
final class WebhookPayloads {

  static final String COMMIT = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";

  /** A GitHub {@code push} event for a branch, as its webhook delivers it. */
  static final String GITHUB_PUSH =
"""
{
  "ref": "refs/heads/main",
  "before": "9049f1265b7d61be4a8904a9a27120d2064dab3b",
  "after": "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
  "repository": {
    "id": 186853002,
    "node_id": "MDEwOlJlcG9zaXRvcnkxODY4NTMwMDI=",
    "name": "broken_brackets",
    "full_name": "acme/broken_brackets",
    "private": true,
    "owner": {"name": "acme", "login": "acme", "id": 21031067, "type": "Organization"},
    "html_url": "https://github.com/acme/broken_brackets",
    "url": "https://github.com/acme/broken_brackets",
    "git_url": "git://github.com/acme/broken_brackets.git",
    "ssh_url": "git@github.com:acme/broken_brackets.git",
    "clone_url": "https://github.com/acme/broken_brackets.git",
    "default_branch": "main",
    "master_branch": "main",
    "pushed_at": 1732188645
  },
  "pusher": {"name": "octocat", "email": "octocat@users.noreply.github.com"},
  "sender": {"login": "octocat", "id": 583231, "type": "User"},
  "created": false,
  "deleted": false,
  "forced": false,
  "base_ref": null,
  "compare": "https://github.com/acme/broken_brackets/compare/9049f1265b7d...0d1a26e67d8f",
  "commits": [
    {
      "id": "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
      "tree_id": "f9d2a07e9488b91af2641b26b9407fe22a451433",
      "distinct": true,
      "message": "Fix the \\"Dash\\" layout on narrow screens\\n\\nCloses #12",
      "timestamp": "2024-11-21T12:30:45+01:00",
      "url": "https://github.com/acme/broken_brackets/commit/0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
      "author": {"name": "Octo Cat", "email": "octocat@github.com", "username": "octocat"},
      "committer": {"name": "GitHub", "email": "noreply@github.com", "username": "web-flow"},
      "added": [],
      "removed": [],
      "modified": ["broken_brackets/layout.py"]
    }
  ],
  "head_commit": {
    "id": "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
    "message": "Fix the \\"Dash\\" layout on narrow screens\\n\\nCloses #12",
    "timestamp": "2024-11-21T12:30:45+01:00"
  }
}
""";

  /** GitHub's {@code ping} event, sent when a webhook is created. */
  static final String GITHUB_PING =
      """
      {
        "zen": "Design for failure.",
        "hook_id": 109948940,
        "hook": {
          "type": "Repository",
          "id": 109948940,
          "active": true,
          "events": ["push"],
          "config": {
            "content_type": "json",
            "insecure_ssl": "0",
            "url": "https://capstan.example.com/hooks/git"
          }
        },
        "repository": {"full_name": "acme/broken_brackets"},
        "sender": {"login": "octocat", "id": 583231}
      }
      """;

  /** A GitLab {@code Push Hook} event for a branch. */
  static final String GITLAB_PUSH =
      """
      {
        "object_kind": "push",
        "event_name": "push",
        "before": "95790bf891e76fee5e1747ab589903a6a1f80f22",
        "after": "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
        "ref": "refs/heads/release",
        "ref_protected": true,
        "checkout_sha": "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
        "user_id": 4,
        "user_name": "John Smith",
        "user_username": "jsmith",
        "project_id": 15,
        "project": {
          "id": 15,
          "name": "broken_brackets",
          "web_url": "https://gitlab.example.com/acme/broken_brackets",
          "git_ssh_url": "git@gitlab.example.com:acme/broken_brackets.git",
          "git_http_url": "https://gitlab.example.com/acme/broken_brackets.git",
          "namespace": "acme",
          "path_with_namespace": "acme/broken_brackets",
          "default_branch": "main"
        },
        "commits": [
          {
            "id": "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
            "message": "Update the Celery schedule",
            "timestamp": "2024-11-21T14:02:11+00:00",
            "author": {"name": "John Smith", "email": "jsmith@example.com"}
          }
        ],
        "total_commits_count": 1,
        "repository": {
          "name": "broken_brackets",
          "url": "git@gitlab.example.com:acme/broken_brackets.git",
          "homepage": "https://gitlab.example.com/acme/broken_brackets",
          "git_http_url": "https://gitlab.example.com/acme/broken_brackets.git",
          "git_ssh_url": "git@gitlab.example.com:acme/broken_brackets.git",
          "visibility_level": 0
        }
      }
      """;

  private WebhookPayloads() {}

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code sha256=<hex>}, as GitHub computes {@code X-Hub-Signature-256}. */
  static String signature(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(utf8(secret), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
