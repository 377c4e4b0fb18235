# Every host of the benchmark, from BENCH_HOSTS (host:port,host:port,...), as root.
ENV.fetch("BENCH_HOSTS").split(",").each do |address|
  host, port = address.split(":")
  server host, user: "root", port: Integer(port), roles: %w[app]
end
