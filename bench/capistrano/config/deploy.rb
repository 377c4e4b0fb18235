# The benchmark's app. Set by the harness:
#   BENCH_REPO         the Git repository (a path on this machine, visible to the hosts)
#   REVISION           the commit to deploy
#   BENCH_DEPLOY_PATH  deploy_to on every host
#   BENCH_KEY          the SSH private key; BENCH_KNOWN_HOSTS the known_hosts with every host
#   BENCH_HOSTS        host:port,host:port,... (config/deploy/bench.rb)
#   BENCH_LOG          where Capistrano writes its log (default: nowhere)
set :application, "benchapp"
set :repo_url, ENV.fetch("BENCH_REPO")
set :branch, ENV.fetch("REVISION", "main")
set :deploy_to, ENV.fetch("BENCH_DEPLOY_PATH")
set :keep_releases, 3
append :linked_dirs, "logs"

set :pty, false
set :log_level, :info
set :format_options, log_file: ENV.fetch("BENCH_LOG", "/dev/null"), color: false

# Host keys verified against the benchmark's known_hosts only; the benchmark's key only.
set :ssh_options, {
  keys: [ENV.fetch("BENCH_KEY")],
  keys_only: true,
  auth_methods: %w[publickey],
  user_known_hosts_file: ENV.fetch("BENCH_KNOWN_HOSTS"),
  global_known_hosts_file: "/dev/null",
  verify_host_key: :always,
  non_interactive: true
}
