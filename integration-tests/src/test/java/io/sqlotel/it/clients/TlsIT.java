package io.sqlotel.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.cli.Main;
import io.sqlotel.cli.ServeCommand;
import io.sqlotel.flight.FlightServerConfig;
import io.sqlotel.flight.SqlotelFlightServer;
import io.sqlotel.it.ShardedCluster;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Flight SQL server with TLS ({@link FlightServerConfig#withTls}), over the shared cluster's engine, with a
 * self-signed certificate for 127.0.0.1/localhost made at test time, through the real JDBC driver.
 */
class TlsIT {
  private static final String QUERY = "SELECT COUNT(*) FROM otel_logs";
  private static final String STORE_PASSWORD = "changeit";

  @TempDir
  static Path dir;

  private static ShardedCluster cluster;
  private static Path certFile;
  private static Path keyFile;
  private static SqlotelFlightServer server;
  private static Path trustStore;

  @BeforeAll
  static void start() throws Exception {
    cluster = ShardedCluster.shared(24);
    KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    X509Certificate cert = selfSigned(keys);
    certFile = dir.resolve("server.crt");
    keyFile = dir.resolve("server.key");
    try (Writer w = Files.newBufferedWriter(certFile, StandardCharsets.US_ASCII);
        JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(cert);
    }
    try (Writer w = Files.newBufferedWriter(keyFile, StandardCharsets.US_ASCII);
        JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("sqlotel", cert);
    trustStore = dir.resolve("trust.p12");
    try (OutputStream out = Files.newOutputStream(trustStore)) {
      store.store(out, STORE_PASSWORD.toCharArray());
    }
    server = SqlotelFlightServer.start(cluster.engine(),
        FlightServerConfig.defaults().withPort(0).withTls(certFile, keyFile));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void jdbcUrlAsksForEncryption() {
    assertTrue(server.jdbcUrl().endsWith("?useEncryption=true"), server.jdbcUrl());
    assertEquals("grpc+tls", server.location().getUri().getScheme());
  }

  @Test
  void queryWithoutCertificateVerification() throws Exception {
    try (Connection c = DriverManager.getConnection(server.jdbcUrl() + "&disableCertificateVerification=true")) {
      assertEquals(expectedCount(), count(c));
    }
  }

  @Test
  void queryTrustingTheCertificate() throws Exception {
    Properties p = new Properties();
    p.setProperty("trustStore", trustStore.toString());
    p.setProperty("trustStorePassword", STORE_PASSWORD);
    p.setProperty("useSystemTrustStore", "false");
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(), p)) {
      assertEquals(expectedCount(), count(c));
    }
  }

  @Test
  void certificateNotTrustedFails() {
    Properties p = new Properties();
    p.setProperty("useSystemTrustStore", "true");
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(SQLException.class, () -> {
      try (Connection c = DriverManager.getConnection(server.jdbcUrl(), p)) {
        count(c);
      }
    }));
  }

  @Test
  void plaintextClientFails() {
    String plain = server.jdbcUrl().replace("useEncryption=true", "useEncryption=false");
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(SQLException.class, () -> {
      try (Connection c = DriverManager.getConnection(plain)) {
        count(c);
      }
    }));
  }

  @Test
  void serveCommandWithTlsOptions() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.getSubcommands().get("serve").setOut(new PrintWriter(out));
    CommandLine.ParseResult pr = cl.parseArgs("serve", "--demo", "--shards", "1", "--port", "0",
        "--data-dir", dir.resolve("demo").toString(), "--tls-cert", certFile.toString(), "--tls-key", keyFile.toString());
    try (ServeCommand serve = (ServeCommand) pr.subcommand().commandSpec().userObject()) {
      SqlotelFlightServer s = serve.start();
      assertTrue(s.jdbcUrl().contains("useEncryption=true"), s.jdbcUrl());
      assertTrue(out.toString().contains("JDBC URL:  " + s.jdbcUrl()), out.toString());
      try (Connection c = DriverManager.getConnection(s.jdbcUrl() + "&disableCertificateVerification=true");
          Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM otel_traces")) {
        assertTrue(rs.next());
        assertTrue(rs.getLong(1) > 0);
      }
    }
    CommandLine.ParseResult half = Main.commandLine().parseArgs("serve", "--demo", "--tls-cert", certFile.toString());
    try (ServeCommand serve = (ServeCommand) half.subcommand().commandSpec().userObject()) {
      assertThrows(CommandLine.ParameterException.class, serve::start);
    }
  }

  private static long expectedCount() throws SQLException {
    try (Connection c = cluster.connect()) {
      return count(c);
    }
  }

  private static long count(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(QUERY)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  private static X509Certificate selfSigned(KeyPair keys) throws Exception {
    X500Name name = new X500Name("CN=localhost");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
        BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
        new GeneralName(GeneralName.dNSName, "localhost")}));
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
  }
}
