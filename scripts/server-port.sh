# Sourced by the scripts that start Library or a baseline app with --server.port=0: the
# server chooses a free port (one picked by the script could be taken by another process
# before the JVM binds it) and logs it.

# Prints the port from Boot's "Netty started on port N" line in the given log, or nothing
# while the server has not started.
logged_server_port() {
  sed -n 's/.*Netty started on port \([0-9]*\).*/\1/p' "$1" | head -n 1
}
