# Build: cgo is needed for SQLite (mattn/go-sqlite3); PostgreSQL's driver (pgx)
# is pure Go. It is one binary for both: CLUBBOT_DB chooses at run time, a file
# for SQLite or a postgres:// URL (compose.yaml), with no build tag.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /out/clubbot .

# Run: glibc for the cgo binary, CA certificates for api.telegram.org.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
	&& rm -rf /var/lib/apt/lists/* \
	&& useradd --system --uid 10001 --home-dir /data clubbot \
	&& mkdir -p /data && chown clubbot /data
COPY --from=build /out/clubbot /usr/local/bin/clubbot
USER clubbot
VOLUME /data
# SQLite on the volume by default; compose.yaml sets a postgres:// URL instead.
ENV CLUBBOT_DB=/data/clubbot.db
ENTRYPOINT ["clubbot"]
CMD ["serve"]
