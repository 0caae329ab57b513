# Hadir: one static binary on a distroless, non-root image.
#   docker build -t hadir .
#   docker run -p 8080:8080 -v hadir-data:/data hadir            # SQLite in the volume
#   docker run -p 8080:8080 -e HADIR_DATABASE_URL=postgres://… -e HADIR_BASE_URL=https://hadir.example.go.id hadir
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X github.com/hadir-id/hadir/internal/cli.Version=${VERSION}" -o /out/hadir . \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/hadir /hadir
COPY --from=build --chown=nonroot:nonroot /out/data /data
VOLUME /data
ENV HADIR_ADDR=:8080 \
    HADIR_DATABASE_URL=sqlite:/data/hadir.db \
    HADIR_LOG_FORMAT=json
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/hadir"]
CMD ["serve"]
