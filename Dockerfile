# syntax=docker/dockerfile:1
# pod-doctor image: a static binary on distroless, running as nonroot.
#
#   docker build --build-arg VERSION=$(git describe --tags --always) \
#                --build-arg COMMIT=$(git rev-parse --short HEAD) -t pod-doctor .
#
# Without a Docker engine, `make image` builds the same image with
# go-containerregistry (hack/image); a test keeps the two in step.

ARG GO_VERSION=1.26

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS builder
ARG TARGETOS=linux
ARG TARGETARCH=amd64
ARG VERSION=dev
ARG COMMIT=unknown
WORKDIR /src
# Dependencies first, so a source change does not download them again.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=${TARGETOS} GOARCH=${TARGETARCH} \
    go build -trimpath \
      -ldflags "-s -w -X github.com/pod-doctor/pod-doctor/internal/version.Version=${VERSION} -X github.com/pod-doctor/pod-doctor/internal/version.Commit=${COMMIT}" \
      -o /out/pod-doctor ./cmd/pod-doctor

FROM gcr.io/distroless/static:nonroot
ARG VERSION=dev
ARG COMMIT=unknown
LABEL org.opencontainers.image.title="pod-doctor" \
      org.opencontainers.image.source="https://github.com/pod-doctor/pod-doctor" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}"
COPY --from=builder /out/pod-doctor /pod-doctor
USER 65532:65532
ENTRYPOINT ["/pod-doctor"]
CMD ["controller"]
