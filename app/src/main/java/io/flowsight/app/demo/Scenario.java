package io.flowsight.app.demo;

/**
 * The labelled behaviours {@code flowsight generate} plants in its demo data: attacks that FlowSight's detectors
 * must raise an alert for, and benign heavy talkers that must show up as top talkers and never alert.
 */
public enum Scenario {
    PORT_SCAN("198.51.100.23", "vpc", "port_scan", true,
            "an outside host probes 300 ports of one instance within a minute, all rejected"),
    SSH_BRUTE_FORCE("203.0.113.45", "vpc", "brute_force", true,
            "an outside host opens 60 SSH connections a minute to one instance for three minutes"),
    EXFILTRATION("10.0.2.15", "vpc", "traffic_spike", true,
            "an instance that sends a few kilobytes a minute suddenly sends gigabytes outside"),
    DENIED_API_BURST("198.51.100.77", "cloudtrail", "denied_api_burst", true,
            "leaked keys used from an unknown address: 40 AccessDenied calls in a minute"),
    CONSOLE_LOGIN_FAILURES("192.0.2.66", "cloudtrail", "console_login_failures", true,
            "eight failed console sign-ins from one address in a minute"),
    CREDENTIAL_STUFFING("203.0.113.99", "alb", "http_error_burst", true,
            "300 POST /login answered 401 within a minute"),
    BACKUP_SERVER("10.0.3.5", "vpc", null, false,
            "a backup job moving about 200 MB a minute to its target, every minute"),
    CRAWLER("203.0.113.10", "alb", null, false,
            "a partner's crawler making about 400 successful requests a minute, every minute"),
    AUTOMATION("10.0.4.4", "cloudtrail", null, false,
            "a deployment role making about 40 API calls a minute, every minute");

    private final String address;
    private final String log;
    private final String detector;
    private final boolean attack;
    private final String description;

    Scenario(String address, String log, String detector, boolean attack, String description) {
        this.address = address;
        this.log = log;
        this.detector = detector;
        this.attack = attack;
        this.description = description;
    }

    public String address() {
        return address;
    }

    /** The log family the behaviour shows in: vpc, cloudtrail or alb. */
    public String log() {
        return log;
    }

    /** The detector expected to alert on {@link #address()}; null for benign behaviour. */
    public String detector() {
        return detector;
    }

    public boolean attack() {
        return attack;
    }

    public String description() {
        return description;
    }
}
