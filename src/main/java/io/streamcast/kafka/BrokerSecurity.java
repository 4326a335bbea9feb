package io.streamcast.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A secured embedded broker: clients on SASL_SSL with SCRAM-SHA-512, ACLs enforced (Kafka's StandardAuthorizer,
 * nothing allowed without one), the controller listener on TLS with client certificates. Its self-signed
 * certificate (JDK keytool, for localhost and 127.0.0.1), the store password and the super user {@code admin}'s
 * password are made once in {@code <broker data>/security} and kept; {@code admin.properties} there is a
 * client settings file for {@code --kafka-config}.
 */
public record BrokerSecurity(Path dir, String password) {
    public static final String ADMIN = "admin";
    public static final String MECHANISM = "SCRAM-SHA-512";
    /** The principal of the broker's own certificate, for its controller connection. */
    static final String BROKER_CN = "CN=streamcast-broker";

    /** The security folder under a broker's data folder: made on first use, read afterwards. */
    public static BrokerSecurity in(Path brokerDir) throws IOException {
        Path dir = brokerDir.resolve("security");
        Path secret = dir.resolve("password");
        if (!Files.exists(secret)) {
            Files.createDirectories(dir);
            byte[] b = new byte[18];
            new SecureRandom().nextBytes(b);
            String password = HexFormat.of().formatHex(b);
            BrokerSecurity s = new BrokerSecurity(dir, password);
            s.makeCertificate();
            Files.writeString(secret, password, StandardCharsets.UTF_8);
            s.writeClientProperties(ADMIN, password, dir.resolve("admin.properties"));
        }
        return new BrokerSecurity(dir, Files.readString(secret, StandardCharsets.UTF_8).strip());
    }

    public Path keystore() {
        return dir.resolve("broker.p12");
    }

    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    /** Client settings for a SCRAM user over TLS trusting this broker, as {@code --kafka-config} takes them. */
    public Map<String, String> clientProps(String user, String userPassword) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", MECHANISM);
        p.put("sasl.jaas.config", jaas(user, userPassword));
        p.put("ssl.truststore.location", truststore().toAbsolutePath().toString());
        p.put("ssl.truststore.password", password);
        p.put("ssl.truststore.type", "PKCS12");
        return p;
    }

    public Map<String, String> adminProps() {
        return clientProps(ADMIN, password);
    }

    /** Writes {@link #clientProps} to a properties file. */
    public void writeClientProperties(String user, String userPassword, Path file) throws IOException {
        Properties p = new Properties();
        p.putAll(clientProps(user, userPassword));
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "Kafka client settings for " + user + " on the embedded broker (--kafka-config)");
        }
    }

    /** Creates (or updates) a SCRAM user as the super user; returns its client settings file. */
    public Path addUser(String bootstrap, String user, String userPassword) throws IOException {
        Map<String, Object> p = new java.util.HashMap<>(adminProps());
        p.put("bootstrap.servers", bootstrap);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            admin.alterUserScramCredentials(List.of(new org.apache.kafka.clients.admin.UserScramCredentialUpsertion(user,
                    new org.apache.kafka.clients.admin.ScramCredentialInfo(
                            org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_512, 8192), userPassword)))
                    .all().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("cannot create the user " + user + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        Path file = dir.resolve(user + ".properties");
        writeClientProperties(user, userPassword, file);
        return file;
    }

    /** The broker's own settings on top of the plain ones. */
    void configure(Properties p, int clientPort, int controllerPort) {
        p.put("listeners", "SASL_SSL://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + clientPort);
        p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SSL");
        p.put("inter.broker.listener.name", "SASL_SSL");
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(ADMIN, password));
        p.put("ssl.keystore.location", keystore().toString());
        p.put("ssl.keystore.password", password);
        p.put("ssl.key.password", password);
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.truststore.location", truststore().toString());
        p.put("ssl.truststore.password", password);
        p.put("ssl.truststore.type", "PKCS12");
        // Only the broker's own certificate opens the controller listener.
        p.put("listener.name.controller.ssl.client.auth", "required");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + ADMIN + ";User:" + BROKER_CN);
        p.put("allow.everyone.if.no.acl.found", "false");
    }

    /** The super user's SCRAM credential, written into the metadata when the log folder is formatted. */
    List<String> scramArguments() {
        return List.of(MECHANISM + "=[name=" + ADMIN + ",password=" + password + "]");
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private void makeCertificate() throws IOException {
        Path pem = dir.resolve("broker.pem");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                "-dname", BROKER_CN, "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", keystore().toString(),
                "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore().toString(), "-storepass", password,
                "-file", pem.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", pem.toString(), "-keystore",
                truststore().toString(), "-storetype", "PKCS12", "-storepass", password);
    }

    private static void keytool(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the broker's certificate", e);
        }
    }
}
