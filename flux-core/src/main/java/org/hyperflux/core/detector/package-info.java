/**
 * Analyses of detector frames (4D-STEM): {@link org.hyperflux.core.detector.FrameAnalysis} says
 * what to compute from each frame (sum frame, latest frame, navigator, virtual detectors from
 * {@link org.hyperflux.core.detector.DetectorMask}s, centre of mass) and runs it offline over a
 * {@link org.hyperflux.core.signal.Signal} or live as a
 * {@link org.hyperflux.core.detector.LiveAnalysis} attached to a
 * {@link org.hyperflux.core.live.LiveSignal}, with one fused kernel per frame, so both give the
 * same {@link org.hyperflux.core.detector.FrameAnalysisSnapshot}. Depends on {@code live}'s
 * vocabulary; {@code live} does not depend on this package.
 */
package org.hyperflux.core.detector;
