# One image for every FlowSight stage (ingest, streams, sink, run): the flowsight command line on a JRE.
# Build: docker build -t flowsight .
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --home-dir /var/lib/flowsight --create-home flowsight
COPY --from=build /src/app/target/flowsight.jar /opt/flowsight/flowsight.jar
USER flowsight
WORKDIR /var/lib/flowsight
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/flowsight/flowsight.jar"]
CMD ["--help"]
