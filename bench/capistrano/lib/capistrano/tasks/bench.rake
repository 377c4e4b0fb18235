# The recipe's steps that Capistrano has no built-in task for, hooked where Capistrano's own
# documentation puts such steps: build after the release is updated, activate after publishing.
namespace :bench do
  desc "Virtualenv, requirements and the build step in the new release"
  task :build do
    on roles(:app), in: :parallel do
      within release_path do
        execute "/usr/bin/python3", "-m", "venv", "--system-site-packages", "venv"
        execute "venv/bin/python", "-m", "pip", "install", "--disable-pip-version-check",
                "--no-input", "-q", "-r", "requirements.txt"
        execute "venv/bin/python", "-m", "compileall", "-q", "app"
      end
    end
  end

  desc "Activate the live release and health-check it (its REVISION and activation)"
  task :activate do
    on roles(:app), in: :parallel do
      # One remote command, like the other tools' health check; a command with spaces is run
      # as written, so it changes folder itself.
      want = %("$(cat #{release_path}/REVISION)")
      execute "cd #{current_path} && cp REVISION logs/activated" \
              " && test \"$(cat #{current_path}/REVISION)\" = #{want}" \
              " && test \"$(cat #{current_path}/logs/activated)\" = #{want}"
    end
  end

  desc "Check that every host runs REVISION"
  task :check do
    want = ENV.fetch("REVISION")
    on roles(:app), in: :parallel do
      live = capture(:cat, current_path.join("REVISION")).strip
      raise "#{host} runs #{live}, not #{want}" unless live == want
    end
  end
end

after "deploy:updated", "bench:build"
after "deploy:published", "bench:activate"
