package io.flowsight.respond.aws;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The EC2 Query API's XML: its answers ({@code <XResponse>} with {@code <item>} lists) and its errors
 * ({@code <Response><Errors><Error><Code/><Message/>}). Parsed without DTDs or external entities.
 */
final class Ec2Xml {
    /** The error codes EC2 uses for throttling and for its own passing failures. */
    static final AwsApiClient.Protocol PROTOCOL = new AwsApiClient.Protocol() {
        @Override
        public AwsApiClient.AwsError error(int status, Map<String, List<String>> headers, String body) {
            try {
                Element root = parse(body);
                Optional<Element> error = descendant(root, "Error");
                if (error.isPresent()) {
                    return new AwsApiClient.AwsError(text(error.get(), "Code").orElse(""),
                            text(error.get(), "Message").orElse(""));
                }
            } catch (IllegalArgumentException e) {
                // Not XML (a proxy's page): the status has to do.
            }
            return new AwsApiClient.AwsError("", "");
        }

        @Override
        public boolean throttled(String code) {
            return Set.of("RequestLimitExceeded", "Throttling", "ThrottlingException", "InternalError",
                    "InternalFailure", "ServiceUnavailable", "Unavailable").contains(code);
        }
    };

    private Ec2Xml() {
    }

    /** @throws IllegalArgumentException when {@code xml} is not well-formed XML */
    static Element parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            factory.setXIncludeAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            Document document = builder.parse(new InputSource(new StringReader(xml)));
            return document.getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("not XML: " + e.getMessage(), e);
        }
    }

    /** The element's direct children named {@code name}. */
    static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && name.equals(localName(element))) {
                found.add(element);
            }
        }
        return found;
    }

    static Optional<Element> child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The trimmed text of the direct child {@code name}. */
    static Optional<String> text(Element parent, String name) {
        return child(parent, name).map(e -> e.getTextContent().strip());
    }

    /** The first element named {@code name} at any depth, the element itself included. */
    static Optional<Element> descendant(Element root, String name) {
        if (name.equals(localName(root))) {
            return Optional.of(root);
        }
        NodeList nodes = root.getElementsByTagNameNS("*", name);
        return nodes.getLength() == 0 ? Optional.empty() : Optional.of((Element) nodes.item(0));
    }

    private static String localName(Element element) {
        return element.getLocalName() != null ? element.getLocalName() : element.getTagName();
    }
}
